//! Sessions on the REST wire against the NetServer stand-in on 127.0.0.1: a password
//! gets its ticket from `SoPrincipal` and every call sends it as `Authorization:
//! SOTicket`; a 401 at expiry causes exactly one login (for 50 concurrent calls too) and
//! the call is repeated once; an access token goes as `Bearer` with no exchange; Basic
//! goes only when asked for; nothing secret shows in errors or Debug. The redirect rule
//! holds for a session's calls and logins: another origin is refused (and receives
//! nothing), a same-origin 307/308 is followed with the ticket, a 301/302/303 refused.
#![cfg(all(feature = "http", feature = "rest"))]

use crate::session_common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use session_common::*;
use sogen_runtime::redirect::RedirectReason;
use sogen_runtime::{
    AccessToken, Error, ExistingTicket, Session, SessionBuilder, UsernamePassword, Wire,
};

fn onsite(site: &str) -> SessionBuilder {
    Session::onsite(site)
        .wire(Wire::Rest)
        .application_token(APP_TOKEN)
        .timeout(Duration::from_secs(10))
}

fn schemes(server: &NetServer) -> Vec<String> {
    let calls = server.rest_calls.lock().unwrap();
    calls.iter().map(|(_, scheme)| scheme.clone()).collect()
}

#[tokio::test]
async fn a_password_gets_a_ticket_sent_as_soticket() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = onsite(&site)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .build()
        .unwrap();
    let client = session.client();
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 2);
    assert_eq!(
        *server.logins.lock().unwrap(),
        [(
            "Services88".to_owned(),
            "AuthenticateUsernamePassword".to_owned()
        )],
        "one login, through SoPrincipal (the Agents API has none)"
    );
    assert_eq!(schemes(&server), ["SOTicket", "SOTicket"]);
    let (path, _) = server.rest_calls.lock().unwrap()[0].clone();
    assert_eq!(path, "/SuperOffice/api/v1/Agents/Chat/GetCount");
    let seen = server.seen.lock().unwrap().join("\n");
    assert!(
        seen.contains(&format!("\"so-apptoken\": \"{APP_TOKEN}\"")),
        "{seen}"
    );
    assert!(
        session.principal().is_some(),
        "who logged in, as SoPrincipal said"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_401_at_expiry_causes_exactly_one_login() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = onsite(&site)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .build()
        .unwrap();
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        1
    );
    server.expire_tickets();
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
    assert_eq!(session.logins(), 2);
    // Credentials refused for good: one more login, then the error; no loop.
    *server.password.lock().unwrap() = "changed".into();
    server.expire_tickets();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::LoginFailed { .. }), "{err:?}");
    assert_eq!(server.login_count(), 3);
}

#[tokio::test]
async fn an_access_token_is_sent_as_bearer_without_an_exchange() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/Cust12345").await;
    let session = onsite(&site)
        .credentials(AccessToken::new(ACCESS_TOKEN))
        .build()
        .unwrap();
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        1
    );
    assert_eq!(server.login_count(), 0, "no SoPrincipal exchange");
    assert_eq!(schemes(&server), ["Bearer"]);
    assert!(session.principal().is_none());
    // An expired token: one renewal (the same token, all a source without a refresh
    // has), the call repeated once, then the server's 401 as an authentication error.
    server.bearer_expired.store(true, Ordering::SeqCst);
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(err.is_authentication(), "{err:?}");
    assert_eq!(err.http_status(), Some(401));
    assert_eq!(server.refused.load(Ordering::SeqCst), 2, "tried twice");
    assert_eq!(session.logins(), 2);
    let shown = format!("{err} {err:?} {session:?}");
    assert!(!shown.contains(ACCESS_TOKEN), "{shown}");
}

#[tokio::test]
async fn basic_goes_only_when_asked_for() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let basic = onsite(&site)
        .credentials(UsernamePassword::new(USER, PASSWORD).basic())
        .build()
        .unwrap();
    assert_eq!(get_count(&basic.client(), &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(
        server.login_count(),
        0,
        "no login: the password goes with the call"
    );
    assert_eq!(schemes(&server), ["Basic"]);
    // A wrong password: 401, one renewal (nothing to renew), the authentication error,
    // which shows neither the password nor its base64.
    let wrong = onsite(&site)
        .credentials(UsernamePassword::new(USER, "wrong-Pa55").basic())
        .build()
        .unwrap();
    let err = get_count(&wrong.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(err.is_authentication(), "{err:?}");
    let shown = format!("{err} {err:?} {wrong:?}");
    assert!(!shown.contains("wrong-Pa55"), "{shown}");
    // The same source over SOAP logs in for a ticket.
    let soap = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD).basic())
        .build()
        .unwrap();
    get_count(&soap.client(), &GET_COUNT_88).await.unwrap();
    assert_eq!(server.login_count(), 1);
}

#[tokio::test]
async fn an_existing_ticket_goes_as_soticket_and_fails_once_when_refused() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    server
        .valid
        .lock()
        .unwrap()
        .insert("7T:Existing==".to_owned());
    let session = onsite(&site)
        .credentials(ExistingTicket::new("7T:Existing=="))
        .build()
        .unwrap();
    assert_eq!(
        get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
        1
    );
    server.expire_tickets();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Fault(f) if f.http_status == 401 && f.reason.contains("denied")),
        "the 401's error object: {err:?}"
    );
    assert!(err.is_authentication());
    assert_eq!(server.refused.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_fixed_client_maps_its_base_url_and_sends_its_ticket() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/Cust9").await;
    server.valid.lock().unwrap().insert("7T:Fixed==".to_owned());
    // The SOAP base URL a client already has: switching the wire is one line.
    let client = sogen_runtime::Client::builder(format!("{site}/Remote/Services88/"))
        .ticket("7T:Fixed==")
        .wire(Wire::Rest)
        .build()
        .unwrap();
    assert_eq!(get_count(&client, &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(
        server.rest_calls.lock().unwrap()[0],
        (
            "/Cust9/api/v1/Agents/Chat/GetCount".to_owned(),
            "SOTicket".to_owned()
        )
    );
}

/// The session's secrets the tests look for where they must not be.
const SECRETS: [&str; 4] = [PASSWORD, ACCESS_TOKEN, APP_TOKEN, "7T:Ticket"];

fn assert_no_secret(shown: &str) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_is_sent_there() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    // Another origin (another port) that would accept everything the session has: the
    // tickets of the first, the access token, the password.
    let other = NetServer::new();
    let other_site = serve(other.clone(), "/SuperOffice").await;
    let target = format!("{other_site}/api/v1/Agents/Chat/GetCount");
    let password = onsite(&site)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .build()
        .unwrap();
    let token = onsite(&site)
        .credentials(AccessToken::new(ACCESS_TOKEN))
        .build()
        .unwrap();
    for (session, scheme) in [(password, "SOTicket"), (token, "Bearer")] {
        // A first call, to have a ticket (the password's login is over SOAP).
        *server.redirect.lock().unwrap() = None;
        let logins = session.logins();
        get_count(&session.client(), &GET_COUNT_88).await.unwrap();
        assert_eq!(session.logins(), logins + 1);
        for ticket in server.valid.lock().unwrap().iter() {
            other.valid.lock().unwrap().insert(ticket.clone());
        }
        for status in [301, 302, 307, 308] {
            let location = format!("{target}?redirected=1&ticket=7T:Ticket0Secret==");
            *server.redirect.lock().unwrap() = Some((status, location));
            let before = server.rest_calls.lock().unwrap().len();
            let err = get_count(&session.client(), &GET_COUNT_88)
                .await
                .unwrap_err();
            match &err {
                Error::Redirect {
                    url,
                    status: s,
                    location,
                    reason,
                } => {
                    assert_eq!(*s, status);
                    assert_eq!(url, &format!("{site}/api/v1/Agents/Chat/GetCount"));
                    // Without its query, where secrets travel.
                    assert_eq!(location.as_deref(), Some(target.as_str()));
                    assert_eq!(*reason, RedirectReason::OtherOrigin, "{status}");
                }
                other => panic!("{scheme} {status}: {other:?}"),
            }
            assert_no_secret(&format!("{err} {err:?}"));
            // One request, with the credential, to the session's own site; not repeated
            // (a redirect is no expiry: no new login either).
            let calls = server.rest_calls.lock().unwrap();
            assert_eq!(calls.len(), before + 1, "{scheme} {status}");
            assert_eq!(calls[before].1, scheme);
        }
        assert_eq!(
            session.logins(),
            logins + 1,
            "{scheme}: no login for a redirect"
        );
        assert_no_secret(&format!("{session:?}"));
    }
    assert!(
        other.seen.lock().unwrap().is_empty(),
        "the other origin received a request"
    );
    assert!(other.rest_calls.lock().unwrap().is_empty());
    assert_eq!(other.login_count(), 0);
}

#[tokio::test]
async fn a_login_redirected_to_another_origin_sends_it_no_password() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let other = NetServer::new();
    let other_site = serve(other.clone(), "/SuperOffice").await;
    // SoPrincipal moved elsewhere: the login (over SOAP, with the password) is refused.
    let target = format!("{other_site}/Remote/Services88/SoPrincipal.svc");
    *server.redirect.lock().unwrap() = Some((307, format!("{target}?redirected=1")));
    let session = onsite(&site)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .build()
        .unwrap();
    let err = get_count(&session.client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert_no_secret(&format!("{err} {err:?} {session:?}"));
    assert!(
        matches!(&err, Error::Redirect {
            status: 307,
            reason: RedirectReason::OtherOrigin,
            location: Some(l),
            ..
        } if *l == target),
        "the login's own error: {err:?}"
    );
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "one login request, at the site: {seen:?}");
    assert!(
        seen[0].starts_with("Services88/SoPrincipal.svc"),
        "{seen:?}"
    );
    assert!(
        server.rest_calls.lock().unwrap().is_empty(),
        "no call without a ticket"
    );
    assert!(other.seen.lock().unwrap().is_empty(), "{:?}", other.seen);
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_post_and_its_ticket_or_is_refused() {
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = onsite(&site)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .build()
        .unwrap();
    get_count(&session.client(), &GET_COUNT_88).await.unwrap();
    let moved = "/SuperOffice/api/v1/Agents/Chat/GetCount?redirected=1";
    // 307 and 308 keep the method: followed, the POST and its ticket repeated there.
    for (n, status) in [(2, 307), (3, 308)] {
        *server.redirect.lock().unwrap() = Some((status, moved.to_owned()));
        assert_eq!(
            get_count(&session.client(), &GET_COUNT_88).await.unwrap(),
            n
        );
    }
    // 301, 302 and 303 would replay the POST as a GET: refused.
    for status in [301, 302, 303] {
        *server.redirect.lock().unwrap() = Some((status, moved.to_owned()));
        let err = get_count(&session.client(), &GET_COUNT_88)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Redirect { status: s, reason: RedirectReason::MethodChange, .. } if *s == status),
            "{status}: {err:?}"
        );
    }
    let calls = server.rest_calls.lock().unwrap().clone();
    let path = "/SuperOffice/api/v1/Agents/Chat/GetCount".to_owned();
    let expected: Vec<(String, String)> = [
        path.as_str(),
        path.as_str(),
        moved,
        path.as_str(),
        moved,
        path.as_str(),
        path.as_str(),
        path.as_str(),
    ]
    .iter()
    .map(|p| (p.to_string(), "SOTicket".to_owned()))
    .collect();
    assert_eq!(calls, expected);
    assert_eq!(server.login_count(), 1);
}
