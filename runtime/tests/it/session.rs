//! Sessions against a NetServer stand-in on 127.0.0.1: logging in with a password or an
//! access token (now, for an agent's version, too; and who logged in), renewing an expired
//! ticket once (for 50 concurrent calls, too), failing without a loop (retries on, too),
//! retrying a login that blips, telling a hook about every login, serving several
//! versions, and keeping secrets out of Debug and errors.

#![cfg(feature = "http")]

use crate::session_common;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use session_common::*;
use sogen_runtime::{
    AccessToken, Agent, Client, Error, ExistingTicket, LoginCause, RetryPolicy, Session,
    UsernamePassword,
};

async fn password_session(site: &str) -> Session {
    Session::onsite(site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_password_login_gets_a_ticket_that_every_call_sends() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    let client = session.client();
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 2);
    assert_eq!(
        *server.logins.lock().unwrap(),
        [(
            "Services88".to_owned(),
            "AuthenticateUsernamePassword".to_owned()
        )],
        "one login, through SoPrincipal of the version in use"
    );
    assert_eq!(session.logins(), 1);
}

#[tokio::test]
async fn a_rejected_password_is_a_typed_error_not_false() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, "wrong-password-123"))
        .build()
        .unwrap();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LoginFailed {
                exception: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_authentication());
    assert_eq!(
        server.accepted.load(Ordering::SeqCst),
        0,
        "the call was not sent"
    );

    // Refused with an ExceptionInfo that quotes the password: carried, redacted.
    *server.reject_with_exception.lock().unwrap() = true;
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    let Error::LoginFailed {
        exception: Some(x), ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(x.exception_type, "SoAuthenticationException");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("wrong-password-123"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn an_access_token_is_exchanged_for_a_ticket() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/Cust12345").await;
    let session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(AccessToken::new(ACCESS_TOKEN))
        .build()
        .unwrap();
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        1
    );
    assert_eq!(
        *server.logins.lock().unwrap(),
        [(
            "Services88".to_owned(),
            "AuthenticateWithAccessToken".to_owned()
        )]
    );
    let sent = server.seen.lock().unwrap().join("\n");
    assert!(
        !sent.contains("Authorization"),
        "the ticket travels in Credentials"
    );
}

#[tokio::test]
async fn an_expired_ticket_is_renewed_once_and_the_call_repeated() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    let client = session.client();
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 1);
    server.expire_tickets();
    // The refused call is repeated with the new ticket, and its result returned.
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 2);
    assert_eq!(server.login_count(), 2);
    assert_eq!(server.refused.load(Ordering::SeqCst), 1);
    // A clone of the session, or an agent made before, uses the new ticket too.
    let again = session.clone().client();
    assert_eq!(get_count(&again, &GET_COUNT_88).await.unwrap(), 3);
    assert_eq!(server.login_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_calls_at_expiry_cause_exactly_one_login() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    get_count(&session.client(), &GET_COUNT_88).await.unwrap();
    server.expire_tickets();
    // A slow login, so that every call is refused before it ends.
    *server.login_delay.lock().unwrap() = Duration::from_millis(300);
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = session.client();
            tokio::spawn(async move { get_count(&client, &GET_COUNT_88).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(server.login_count(), 2, "the first login and one renewal");
    assert_eq!(server.accepted.load(Ordering::SeqCst), 51);
}

#[tokio::test]
async fn a_call_timeout_covers_the_login_it_waits_for() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    *server.login_delay.lock().unwrap() = Duration::from_secs(3);
    let started = std::time::Instant::now();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { ref url } if url.ends_with("Chat.svc")),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2_500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.accepted.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn retries_leave_the_once_only_renewal_alone() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .retry(
            RetryPolicy::new()
                .max_attempts(5)
                .backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .idempotent_when(|_| true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let client = session.client();
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 1);
    server.expire_tickets();
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 2);
    assert_eq!(
        (server.login_count(), server.refused.load(Ordering::SeqCst)),
        (2, 1)
    );
    // An expired ticket and a login refused for good are answers, not transient failures.
    *server.password.lock().unwrap() = "changed".into();
    server.expire_tickets();
    let err = get_count(&client, &GET_COUNT_88).await.unwrap_err();
    assert!(matches!(err, Error::LoginFailed { .. }), "{err:?}");
    assert_eq!(
        (server.login_count(), server.refused.load(Ordering::SeqCst)),
        (3, 2)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn credentials_rejected_for_good_end_with_the_error() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    get_count(&session.client(), &GET_COUNT_88).await.unwrap();
    // The password was changed and the ticket expired: the renewal fails.
    *server.password.lock().unwrap() = "changed".into();
    server.expire_tickets();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::LoginFailed { .. }), "{err:?}");
    assert_eq!(server.login_count(), 2, "one attempt, no loop");
    assert_eq!(server.refused.load(Ordering::SeqCst), 1);
    // Calls waiting on that failed login share its outcome instead of logging in each.
    *server.login_delay.lock().unwrap() = Duration::from_millis(200);
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = session.client();
            tokio::spawn(async move { get_count(&client, &GET_COUNT_88).await })
        })
        .collect();
    for call in calls {
        assert!(matches!(
            call.await.unwrap(),
            Err(Error::LoginFailed { .. })
        ));
    }
    assert_eq!(server.login_count(), 3, "one more login for all ten");
}

#[tokio::test]
async fn an_existing_ticket_that_expires_fails_once() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let ticket = {
        let s = password_session(&site).await;
        get_count(&s.client(), &GET_COUNT_88).await.unwrap();
        server.valid.lock().unwrap().iter().next().unwrap().clone()
    };
    let session = Session::onsite(&site)
        .credentials(ExistingTicket::new(ticket))
        .build()
        .unwrap();
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        2
    );
    server.expire_tickets();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(err.is_authentication(), "{err:?}");
    assert!(matches!(err, Error::SuperOffice(ref x) if x.exception_type == "SoSessionException"));
    assert_eq!(
        server.refused.load(Ordering::SeqCst),
        2,
        "tried, renewed, tried once more"
    );
}

#[tokio::test]
async fn a_blank_ticket_is_a_failed_login() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = Session::onsite(&site)
        .credentials(ExistingTicket::new(" \t "))
        .build()
        .unwrap();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::LoginFailed { .. }), "{err:?}");
    assert_eq!(
        server.accepted.load(Ordering::SeqCst) + server.refused.load(Ordering::SeqCst),
        0,
        "no call went out with it"
    );
}

#[tokio::test]
async fn one_session_serves_every_version() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    let client = session.client();
    assert_eq!(get_count(&client, &GET_COUNT_87).await.unwrap(), 1);
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 2);
    let paths: Vec<String> = server
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|r| text_of(r, "GetCount").is_some())
        .map(|r| r.lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["Services87/Chat.svc", "Services88/Chat.svc"]);
    assert_eq!(
        *server.logins.lock().unwrap(),
        [(
            "Services87".to_owned(),
            "AuthenticateUsernamePassword".to_owned()
        )],
        "one ticket for every version of the NetServer"
    );
}

#[tokio::test]
async fn a_custom_predicate_decides_what_is_expired() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .expired_when(|_| false)
        .build()
        .unwrap();
    get_count(&session.client(), &GET_COUNT_88).await.unwrap();
    server.expire_tickets();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::SuperOffice(_)), "not renewed: {err:?}");
    assert_eq!(server.login_count(), 1);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    get_count(&session.client(), &GET_COUNT_88).await.unwrap();
    let ticket = server.valid.lock().unwrap().iter().next().unwrap().clone();
    let shown = format!(
        "{session:?} {:?} {:?}",
        session.client(),
        get_count(&session.client(), &GET_COUNT_88)
    );
    for secret in [PASSWORD, APP_TOKEN, ticket.as_str(), USER] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let builder = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD));
    let shown = format!("{builder:?} {:?}", AccessToken::new(ACCESS_TOKEN));
    for secret in [PASSWORD, APP_TOKEN, ACCESS_TOKEN] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn a_session_needs_credentials_and_a_site() {
    let err = Session::onsite("https://crm.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let err = Session::onsite("crm.example.com")
        .credentials(ExistingTicket::new("7T:x"))
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

/// Generated agents say which version they belong to (`Agent::NAMESPACE`).
struct Chat87;

impl Agent for Chat87 {
    const NAMESPACE: &'static str = "http://www.superoffice.net/ws/crm/NetServer/Services87";
    fn from_client(_: Client) -> Self {
        Chat87
    }
}

#[tokio::test]
async fn login_for_logs_in_through_the_agents_version_and_tells_who_logged_in() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = password_session(&site).await;
    assert!(session.principal().is_none(), "no login yet");
    session.login_for::<Chat87>().await.unwrap();
    // With a ticket, nothing to do.
    session.login_for::<Chat87>().await.unwrap();
    assert_eq!(
        *server.logins.lock().unwrap(),
        [(
            "Services87".to_owned(),
            "AuthenticateUsernamePassword".to_owned()
        )]
    );
    let who = session.principal().expect("SoPrincipal's answer");
    assert_eq!(
        (
            who.associate_id,
            who.person_id,
            who.contact_id,
            who.group_id
        ),
        (5, 12, 2, 3)
    );
    assert_eq!(who.associate.as_deref(), Some("JANE.DOE"));
    assert_eq!(who.full_name.as_deref(), Some("Jane Doe"));
    assert_eq!(who.email_address.as_deref(), Some("jane@example.com"));
    assert_eq!(who.user_type.as_deref(), Some("InternalAssociate"));
    assert_eq!(who.role_name.as_deref(), Some("Sales"));
    assert_eq!(
        who.database_context_identifier.as_deref(),
        Some("Cust12345")
    );
    // The whole carrier is kept (function rights, licenses, ...); Debug shows its size only.
    assert!(
        who.xml().contains(">allow-export</a:string>"),
        "{}",
        who.xml()
    );
    assert!(!format!("{who:?}").contains("allow-export"), "{who:?}");
    // The first call sends that ticket.
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        1
    );
    assert_eq!(session.logins(), 1);

    // A ticket obtained elsewhere says nothing about who it is for.
    let ticket = server.valid.lock().unwrap().first().cloned().unwrap();
    let elsewhere = Session::onsite(&site)
        .credentials(ExistingTicket::new(ticket))
        .build()
        .unwrap();
    elsewhere.login_for::<Chat87>().await.unwrap();
    assert!(elsewhere.principal().is_none());
}

/// What a session's login hook saw: the cause, whether it succeeded, the attempts.
type Seen = Arc<Mutex<Vec<(LoginCause, bool, u32, u64)>>>;

fn watched(site: &str, policy: RetryPolicy) -> (Session, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let session = Session::onsite(site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .retry(policy)
        .on_login(move |e| {
            let entry = (e.cause.clone(), e.error.is_none(), e.attempts, e.logins);
            log.lock().unwrap().push(entry);
        })
        .build()
        .unwrap();
    (session, seen)
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn a_login_that_blips_is_retried_under_the_sessions_policy() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    server.login_blips.lock().unwrap().extend([503, 502]);
    let (session, seen) = watched(&site, quick_retries());
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        1
    );
    assert_eq!(server.blipped.load(Ordering::SeqCst), 2);
    assert_eq!(server.login_count(), 1);
    assert_eq!(session.logins(), 1, "one login, in three attempts");
    assert_eq!(*seen.lock().unwrap(), [(LoginCause::NoTicket, true, 3, 1)]);

    // Without a policy (the default), the first blip is the answer.
    server.login_blips.lock().unwrap().push_back(503);
    let plain = password_session(&site).await;
    let err = get_count(&plain.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(server.blipped.load(Ordering::SeqCst), 3);

    // Blips past the policy's attempts: the last one is the answer.
    server.login_blips.lock().unwrap().extend([503, 503, 503]);
    let (brief, seen) = watched(&site, quick_retries().max_attempts(2));
    let err = get_count(&brief.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(server.blipped.load(Ordering::SeqCst), 5);
    assert_eq!(*seen.lock().unwrap(), [(LoginCause::NoTicket, false, 2, 1)]);
    server.login_blips.lock().unwrap().clear();

    // A refused login is an answer, not a blip: one attempt, whatever the policy.
    *server.password.lock().unwrap() = "changed".into();
    let logins = server.login_count();
    let (refused, seen) = watched(&site, quick_retries());
    let err = get_count(&refused.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::LoginFailed { .. }), "{err:?}");
    assert_eq!(server.login_count(), logins + 1);
    assert_eq!(*seen.lock().unwrap(), [(LoginCause::NoTicket, false, 1, 1)]);
}

#[tokio::test]
async fn every_login_reaches_the_hook_with_its_cause() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let (session, seen) = watched(&site, RetryPolicy::NEVER);
    let client = session.client();
    get_count(&client, &GET_COUNT_88).await.unwrap();
    server.expire_tickets();
    get_count(&client, &GET_COUNT_88).await.unwrap();
    // The password changed on the server: logging in again fails, and so does the next
    // call's login (no ticket now).
    *server.password.lock().unwrap() = "changed".into();
    server.expire_tickets();
    get_count(&client, &GET_COUNT_88).await.unwrap_err();
    get_count(&client, &GET_COUNT_88).await.unwrap_err();
    let rejected = LoginCause::TicketRejected {
        operation: "GetCount",
        reason: "SoSessionException".into(),
    };
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (LoginCause::NoTicket, true, 1, 1),
            (rejected.clone(), true, 1, 2),
            (rejected, false, 1, 3),
            (LoginCause::NoTicket, false, 1, 4),
        ]
    );
    assert_eq!(session.logins(), 4);
}
