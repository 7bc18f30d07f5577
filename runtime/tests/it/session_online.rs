//! Online sessions against stand-ins on 127.0.0.1 for SuperOffice's login service, its
//! JWKS, the tenant state API and two NetServer hosts (`sod2`, `sod3`): the system user
//! logs in once, the tenant's endpoint is looked up and followed when it moves (through
//! an expired `ValidUntil` and through a 421), and a tenant that does not run is refused;
//! the tenant scenarios run over both wires (`WIRES`), a 503 or, over REST, a refused
//! connection causing one lookup.
#![cfg(feature = "online")]

use crate::online_common;
use crate::session_common;

use std::process::Command;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use online_common::{json_response, now_secs, Fixture, CTX, TICKET};
use serde_json::json;
use session_common::{get_count, serve, NetServer, GET_COUNT_88};
use sogen_runtime::online::OnlineError;
use sogen_runtime::{Error, Session, SessionBuilder, SystemUserCredentials, Wire};

/// An ISO 8601 UTC time `secs` after the epoch, as the state API writes it.
fn iso(secs: u64) -> String {
    let out = Command::new("date")
        .args([
            "-u",
            "-d",
            &format!("@{secs}"),
            "+%Y-%m-%dT%H:%M:%S.0000000Z",
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn state(endpoint: &str, name: &str, running: bool, valid_for: u64) -> String {
    json!({
        "ContextIdentifier": CTX,
        "Endpoint": endpoint,
        "State": name,
        "IsRunning": running,
        "ValidUntil": iso(now_secs() + valid_for),
        "Api": format!("{endpoint}/api"),
    })
    .to_string()
}

/// Two NetServer hosts that accept the system user's ticket.
async fn hosts() -> ((Arc<NetServer>, String), (Arc<NetServer>, String)) {
    let mut out = Vec::new();
    for _ in 0..2 {
        let server = NetServer::new();
        server.valid.lock().unwrap().insert(TICKET.to_owned());
        let site = serve(server.clone(), &format!("/{CTX}")).await;
        out.push((server, site));
    }
    let b = out.pop().unwrap();
    let a = out.pop().unwrap();
    (a, b)
}

/// Both wires: the tenant scenarios run over each.
const WIRES: [Wire; 2] = [Wire::Soap, Wire::Rest];

/// An Online session of the system user on `wire`, to finish configuring.
fn builder(f: &Fixture, wire: Wire) -> SessionBuilder {
    let b = Session::online(f.env.clone(), CTX)
        .wire(wire)
        .credentials(SystemUserCredentials::with_http(
            f.user.clone(),
            f.http.clone(),
        ))
        .timeout(Duration::from_secs(10));
    match wire {
        Wire::Rest => b.application_token(online_common::CLIENT_SECRET),
        _ => b,
    }
}

/// An Online session of the system user on the SOAP wire.
fn session(f: &Fixture) -> Session {
    builder(f, Wire::Soap).build().unwrap()
}

/// What `server` received of the Agents API after `calls` calls on `wire`: nothing over
/// SOAP, `Chat.GetCount`'s path each time over REST.
fn agents_api_calls(wire: Wire, calls: usize) -> Vec<String> {
    match wire {
        Wire::Rest => vec![rest_path(); calls],
        _ => Vec::new(),
    }
}

/// Whether `err` says the test's tenant does not run, being suspended.
fn suspended_tenant(err: &Error) -> bool {
    matches!(err, Error::TenantNotRunning { context_identifier, state }
        if context_identifier == CTX && state == "Suspended")
}

fn login_count(f: &Fixture) -> usize {
    f.stub.login_bodies.lock().unwrap().len()
}

#[tokio::test]
async fn the_system_user_logs_in_once_at_the_tenant_endpoint() {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    let endpoint = site_a.clone();
    f.stub.set_state(Box::new(move |_, _| {
        json_response(200, state(&endpoint, "Running", true, 3600))
    }));
    let s = session(&f);
    assert!(s.claims().is_none(), "no login yet");
    for n in 1..=3 {
        assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), n);
    }
    assert_eq!(login_count(&f), 1, "one exchange, reused");
    // Who logged in: the validated JWT's claims (no SoPrincipal call for a system user).
    let claims = s.claims().expect("the system user's claims");
    let associate = claims.get_str("http://schemes.superoffice.net/identity/associateid");
    assert_eq!(associate, Some("5"));
    assert_eq!(
        claims.get_str("http://schemes.superoffice.net/identity/ctx"),
        Some(CTX)
    );
    assert!(s.principal().is_none());
    assert!(!format!("{claims:?}").contains(TICKET), "{claims:?}");
    assert_eq!(
        f.stub.state_hits.load(Ordering::SeqCst),
        1,
        "one lookup while valid"
    );
    assert_eq!(a.accepted.load(Ordering::SeqCst), 3);
    assert_eq!(f.stub.jwks_hits(), 1);
}

#[tokio::test]
async fn a_rejected_system_user_is_a_login_failure() {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    f.stub.set_state(Box::new(move |_, _| {
        json_response(200, state(&site_a, "Running", true, 3600))
    }));
    f.stub.set_login(Box::new(|_| {
        json_response(
            200,
            json!({"IsSuccessful": false, "ErrorMessage": "Unknown system user token", "Token": null})
                .to_string(),
        )
    }));
    let err = get_count(&session(&f).client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::LoginFailed { .. }), "{err:?}");
    assert!(
        err.to_string().contains("Unknown system user token"),
        "{err}"
    );
    assert_eq!(
        a.accepted.load(Ordering::SeqCst) + a.refused.load(Ordering::SeqCst),
        0
    );
}

#[tokio::test]
async fn a_tenant_moved_after_valid_until_is_followed_without_a_new_login() {
    for wire in WIRES {
        moved_after_valid_until(wire).await;
    }
}

async fn moved_after_valid_until(wire: Wire) {
    let f = Fixture::new().await;
    let ((a, site_a), (b, site_b)) = hosts().await;
    f.stub.set_state(Box::new(move |_, hit| {
        if hit == 0 {
            json_response(200, state(&site_a, "Running", true, 1))
        } else {
            json_response(200, state(&site_b, "Running", true, 3600))
        }
    }));
    let s = builder(&f, wire).build().unwrap();
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        get_count(&s.client(), &GET_COUNT_88).await.unwrap(),
        1,
        "{wire:?}: served by sod3"
    );
    assert_eq!(a.accepted.load(Ordering::SeqCst), 1, "{wire:?}");
    assert_eq!(b.accepted.load(Ordering::SeqCst), 1, "{wire:?}");
    assert_eq!(rest_paths(&a), agents_api_calls(wire, 1));
    assert_eq!(rest_paths(&b), agents_api_calls(wire, 1));
    assert_eq!(f.stub.state_hits.load(Ordering::SeqCst), 2, "{wire:?}");
    assert_eq!(
        login_count(&f),
        1,
        "{wire:?}: the ticket goes on to the new host"
    );
}

#[tokio::test]
async fn a_421_from_the_old_endpoint_repeats_the_call_at_the_new_one() {
    let f = Fixture::new().await;
    let ((a, site_a), (b, site_b)) = hosts().await;
    let moved = Arc::new(Mutex::new(false));
    let m = moved.clone();
    f.stub.set_state(Box::new(move |_, _| {
        let site = if *m.lock().unwrap() { &site_b } else { &site_a };
        json_response(200, state(site, "Running", true, 3600))
    }));
    let s = session(&f);
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    // Load balancing moved the tenant: the old host answers 421.
    *moved.lock().unwrap() = true;
    a.misdirected.store(true, Ordering::SeqCst);
    assert_eq!(
        get_count(&s.client(), &GET_COUNT_88).await.unwrap(),
        1,
        "repeated at sod3"
    );
    assert_eq!(a.refused.load(Ordering::SeqCst), 1);
    assert_eq!(b.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(login_count(&f), 1, "no new login");
    assert_eq!(f.stub.state_hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_suspended_tenant_is_refused_with_its_state() {
    for wire in WIRES {
        suspended(wire).await;
    }
}

async fn suspended(wire: Wire) {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    f.stub.set_state(Box::new(move |_, _| {
        json_response(200, state(&site_a, "Suspended", false, 3600))
    }));
    // The system user and an access token alike: refused before any login or call.
    let access = Session::online(f.env.clone(), CTX)
        .wire(wire)
        .application_token("client-secret-for-rest")
        .credentials(sogen_runtime::AccessToken::new(
            session_common::ACCESS_TOKEN,
        ))
        .build()
        .unwrap();
    for s in [builder(&f, wire).build().unwrap(), access] {
        let err = get_count(&s.client(), &GET_COUNT_88).await.unwrap_err();
        assert!(suspended_tenant(&err), "{wire:?}: {err:?}");
    }
    assert_eq!(
        f.stub.state_hits.load(Ordering::SeqCst),
        2,
        "{wire:?}: one per session"
    );
    assert_eq!(login_count(&f), 0, "{wire:?}: no system user exchange");
    assert_eq!(
        requests(&a),
        0,
        "{wire:?}: nothing reached the tenant's host"
    );
}

#[tokio::test]
async fn an_expired_system_user_ticket_is_exchanged_again_once() {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    f.stub.set_state(Box::new(move |_, _| {
        json_response(200, state(&site_a, "Running", true, 3600))
    }));
    let s = session(&f);
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    a.expire_tickets();
    // The next exchange makes the (same) ticket valid again, as a new login would.
    let host = a.clone();
    f.stub.set_login(online_common::checking_login(move || {
        host.valid.lock().unwrap().insert(TICKET.to_owned());
        online_common::issuer_key().sign_jwt(Some("k1"), &online_common::ticket_claims())
    }));
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 2);
    assert_eq!(login_count(&f), 2);
    assert_eq!(a.refused.load(Ordering::SeqCst), 1);
}

/// Everything `server` saw: logins, calls, refusals.
fn requests(server: &NetServer) -> usize {
    server.seen.lock().unwrap().len()
}

#[tokio::test]
async fn an_endpoint_on_another_origin_gets_no_credentials() {
    let f = Fixture::new().await;
    // A NetServer the state answer points at through names the environment does not
    // allow: "localhost" (the same machine, another host name), user info, plain http on a
    // SuperOffice host.
    let ((evil, site), _) = hosts().await;
    let port = site.rsplit(':').next().unwrap().to_owned(); // "PORT/Cust12345"
    for endpoint in [
        format!("http://localhost:{port}"),
        format!(
            "http://user:password@{}",
            site.trim_start_matches("http://")
        ),
        format!("http://sod2.superoffice.com/{CTX}"),
        format!("https://superoffice.com.localhost:{port}"),
    ] {
        let answer = state(&endpoint, "Running", true, 3600);
        f.stub
            .set_state(Box::new(move |_, _| json_response(200, answer.clone())));
        // The system user (client secret, signed token) and an access token alike.
        let access = Session::online(f.env.clone(), CTX)
            .application_token("client-secret-for-the-endpoint")
            .credentials(sogen_runtime::AccessToken::new("8A:access-token-xyz"))
            .build()
            .unwrap();
        for s in [session(&f), access] {
            let err = get_count(&s.client(), &GET_COUNT_88).await.unwrap_err();
            match &err {
                Error::Online(OnlineError::EndpointNotAllowed {
                    endpoint: shown, ..
                }) => {
                    assert!(!shown.contains("password"), "{shown}")
                }
                other => panic!("{endpoint}: {other:?}"),
            }
        }
    }
    assert_eq!(requests(&evil), 0, "no request reached the other origin");
    assert_eq!(login_count(&f), 0, "no system user exchange either");
}

#[tokio::test]
async fn a_past_valid_until_is_looked_up_at_most_once_a_second() {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    // Valid until a minute ago, at every lookup.
    f.stub.set_state(Box::new(move |_, _| {
        let mut answer: serde_json::Value =
            serde_json::from_str(&state(&site_a, "Running", true, 0)).unwrap();
        answer["ValidUntil"] = json!(iso(now_secs() - 60));
        json_response(200, answer.to_string())
    }));
    let s = session(&f);
    let started = std::time::Instant::now();
    for _ in 0..20 {
        get_count(&s.client(), &GET_COUNT_88).await.unwrap();
    }
    let sequential = f.stub.state_hits.load(Ordering::SeqCst);
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = s.client();
            tokio::spawn(async move { get_count(&client, &GET_COUNT_88).await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    let all = f.stub.state_hits.load(Ordering::SeqCst);
    let seconds = started.elapsed().as_secs() as usize;
    println!("tenant state lookups: {sequential} for 20 calls, {all} after 50 more concurrent ones, in {seconds} s");
    assert!(
        sequential >= 1 && all <= 1 + seconds + 1,
        "{sequential}, {all} in {seconds} s"
    );
    assert_eq!(a.accepted.load(Ordering::SeqCst), 70);
}

#[tokio::test]
async fn a_503_looks_the_tenant_up_once_and_a_stopped_tenant_is_not_running() {
    for wire in WIRES {
        unavailable(wire).await;
    }
}

async fn unavailable(wire: Wire) {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    let suspended = Arc::new(Mutex::new(false));
    let flag = suspended.clone();
    f.stub.set_state(Box::new(move |_, _| {
        let (name, running) = match *flag.lock().unwrap() {
            true => ("Suspended", false),
            false => ("Running", true),
        };
        json_response(200, state(&site_a, name, running, 3600))
    }));
    let s = builder(&f, wire)
        .retry(sogen_runtime::RetryPolicy::new().max_attempts(3))
        .build()
        .unwrap();
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(f.stub.state_hits.load(Ordering::SeqCst), 1);

    // Still running: the 503 goes on, retried under the policy; one lookup for the call.
    a.unavailable.store(true, Ordering::SeqCst);
    let err = get_count(&s.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(
        matches!(err, Error::Http { status: 503, .. }),
        "{wire:?}: {err:?}"
    );
    assert_eq!(
        a.refused.load(Ordering::SeqCst),
        3,
        "{wire:?}: three attempts"
    );
    assert_eq!(
        f.stub.state_hits.load(Ordering::SeqCst),
        2,
        "{wire:?}: one lookup"
    );

    // Suspended: the next 503 finds out, and the call says so.
    tokio::time::sleep(Duration::from_millis(1100)).await; // past the lookup floor
    *suspended.lock().unwrap() = true;
    let err = get_count(&s.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(suspended_tenant(&err), "{wire:?}: {err:?}");
    assert_eq!(f.stub.state_hits.load(Ordering::SeqCst), 3);
    assert_eq!(
        a.refused.load(Ordering::SeqCst),
        4,
        "{wire:?}: one more request, then none"
    );
    // And while the answer is valid, no request goes to the stopped tenant.
    let err = get_count(&s.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(matches!(err, Error::TenantNotRunning { .. }), "{err:?}");
    assert_eq!(a.refused.load(Ordering::SeqCst), 4);
    assert_eq!(f.stub.state_hits.load(Ordering::SeqCst), 3);
    // Every request went to the wire's endpoint, with one login.
    assert_eq!(requests(&a), 5, "{wire:?}");
    assert_eq!(rest_paths(&a), agents_api_calls(wire, 5));
    assert_eq!(login_count(&f), 1, "{wire:?}");
}

/// An Online session on the REST wire with the system user.
fn rest_session(f: &Fixture) -> Session {
    builder(f, Wire::Rest).build().unwrap()
}

/// The paths of the REST calls `server` received.
fn rest_paths(server: &NetServer) -> Vec<String> {
    let calls = server.rest_calls.lock().unwrap();
    calls.iter().map(|(path, _)| path.clone()).collect()
}

/// The path of `Chat.GetCount` in the Agents API of the tenant's host.
fn rest_path() -> String {
    format!("/{CTX}/api/v1/Agents/Chat/GetCount")
}

#[tokio::test]
async fn over_rest_the_system_user_s_ticket_goes_to_the_tenant_s_api_and_follows_a_move() {
    let f = Fixture::new().await;
    let ((a, site_a), (b, site_b)) = hosts().await;
    let moved = Arc::new(Mutex::new(false));
    let m = moved.clone();
    f.stub.set_state(Box::new(move |_, _| {
        let site = if *m.lock().unwrap() { &site_b } else { &site_a };
        json_response(200, state(site, "Running", true, 3600))
    }));
    let s = rest_session(&f);
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(
        a.rest_calls.lock().unwrap()[0],
        (
            format!("/{CTX}/api/v1/Agents/Chat/GetCount"),
            "SOTicket".to_owned()
        )
    );
    let seen = a.seen.lock().unwrap().join("\n");
    assert!(
        seen.contains(&format!(
            "\"so-apptoken\": \"{}\"",
            online_common::CLIENT_SECRET
        )),
        "{seen}"
    );
    // Load balancing moved the tenant: the old host answers 421, the call is repeated at
    // the new endpoint, without a new login.
    *moved.lock().unwrap() = true;
    a.misdirected.store(true, Ordering::SeqCst);
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(a.refused.load(Ordering::SeqCst), 1);
    assert_eq!(b.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(login_count(&f), 1, "no new login");
    // An expired ticket: 401, one exchange, the call repeated.
    b.expire_tickets();
    let host = b.clone();
    f.stub.set_login(online_common::checking_login(move || {
        host.valid.lock().unwrap().insert(TICKET.to_owned());
        online_common::issuer_key().sign_jwt(Some("k1"), &online_common::ticket_claims())
    }));
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 2);
    assert_eq!(login_count(&f), 2);
}

#[tokio::test]
async fn over_rest_an_access_token_goes_as_bearer_and_never_to_another_origin() {
    let f = Fixture::new().await;
    let ((a, site_a), (evil, evil_site)) = hosts().await;
    let endpoint = Arc::new(Mutex::new(site_a.clone()));
    let e = endpoint.clone();
    f.stub.set_state(Box::new(move |_, _| {
        json_response(200, state(&e.lock().unwrap(), "Running", true, 3600))
    }));
    let session = || {
        Session::online(f.env.clone(), CTX)
            .wire(sogen_runtime::Wire::Rest)
            .application_token("client-secret-for-rest")
            .credentials(sogen_runtime::AccessToken::new(
                session_common::ACCESS_TOKEN,
            ))
            .build()
            .unwrap()
    };
    let s = session();
    assert_eq!(get_count(&s.client(), &GET_COUNT_88).await.unwrap(), 1);
    assert_eq!(a.rest_calls.lock().unwrap()[0].1, "Bearer");
    assert_eq!(a.login_count(), 0, "no exchange for a ticket");
    // A tenant state naming a host the environment does not allow: refused before any
    // request, on the REST wire as on SOAP.
    let port = evil_site.rsplit(':').next().unwrap().to_owned();
    *endpoint.lock().unwrap() = format!("http://localhost:{port}");
    let err = get_count(&session().client(), &GET_COUNT_88)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Online(OnlineError::EndpointNotAllowed { .. })),
        "{err:?}"
    );
    assert_eq!(requests(&evil), 0);
}

#[tokio::test]
async fn basic_is_refused_online() {
    let f = Fixture::new().await;
    let ((a, site_a), _) = hosts().await;
    f.stub.set_state(Box::new(move |_, _| {
        json_response(200, state(&site_a, "Running", true, 3600))
    }));
    let s = Session::online(f.env.clone(), CTX)
        .wire(sogen_runtime::Wire::Rest)
        .credentials(
            sogen_runtime::UsernamePassword::new(session_common::USER, "pw-online-1").basic(),
        )
        .build()
        .unwrap();
    let err = get_count(&s.client(), &GET_COUNT_88).await.unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("onsite")),
        "{err:?}"
    );
    assert_eq!(requests(&a), 0);
}

#[tokio::test]
async fn over_rest_an_endpoint_that_refuses_connections_is_looked_up_and_the_call_repeated() {
    let f = Fixture::new().await;
    let ((b, site_b), _) = hosts().await;
    // The old host is gone: nothing listens on its port any more.
    let gone = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}/{CTX}", listener.local_addr().unwrap())
    };
    f.stub.set_state(Box::new(move |_, hit| {
        let site = if hit == 0 { &gone } else { &site_b };
        json_response(200, state(site, "Running", true, 3600))
    }));
    let s = rest_session(&f);
    assert_eq!(
        get_count(&s.client(), &GET_COUNT_88).await.unwrap(),
        1,
        "repeated at the endpoint the new lookup named"
    );
    assert_eq!(f.stub.state_hits.load(Ordering::SeqCst), 2);
    assert_eq!(rest_paths(&b), [rest_path()]);
    assert_eq!(login_count(&f), 1);
}
