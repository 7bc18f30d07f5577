//! The tenant-state API against a stand-in on 127.0.0.1.
#![cfg(feature = "online")]

use crate::online_common;

use std::time::{Duration, UNIX_EPOCH};

use online_common::*;
use sogen_runtime::online::{tenant_state, OnlineError, OnlineHttp, TenantStatus};

fn state_json(endpoint: &str, state: &str, running: bool) -> String {
    format!(
        r#"{{"ContextIdentifier":"Cust12345","Endpoint":"{endpoint}","State":"{state}","IsRunning":{running},"ValidUntil":"2020-10-05T09:52:01.9342965Z","Api":"{endpoint}/api"}}"#
    )
}

#[tokio::test]
async fn running_tenant() {
    let f = Fixture::new().await;
    f.stub.set_state(Box::new(|ctx, _| {
        assert_eq!(ctx, CTX);
        json_response(
            200,
            state_json("https://sod2.superoffice.com/Cust12345", "Running", true),
        )
    }));
    let s = tenant_state(&f.http, &f.env, CTX).await.unwrap();
    assert_eq!(s.context_identifier, CTX);
    assert_eq!(s.endpoint, "https://sod2.superoffice.com/Cust12345");
    assert_eq!(s.state, TenantStatus::Running);
    assert!(s.is_running);
    assert_eq!(
        s.valid_until,
        Some(UNIX_EPOCH + Duration::from_secs(1_601_891_521) + Duration::from_nanos(934_296_500))
    );
    assert_eq!(
        s.api.as_deref(),
        Some("https://sod2.superoffice.com/Cust12345/api")
    );
}

#[tokio::test]
async fn suspended_and_unlisted_states() {
    let f = Fixture::new().await;
    f.stub.set_state(Box::new(|_, hit| {
        let state = [
            "Suspended",
            "OfflineMaintenance",
            "OnlineMaintenance",
            "Hibernating",
        ][hit];
        json_response(
            200,
            state_json(
                "https://sod2.superoffice.com/Cust12345",
                state,
                state == "OnlineMaintenance",
            ),
        )
    }));
    let mut seen = Vec::new();
    for _ in 0..4 {
        let s = tenant_state(&f.http, &f.env, CTX).await.unwrap();
        seen.push((s.state, s.is_running));
    }
    assert_eq!(
        seen,
        [
            (TenantStatus::Suspended, false),
            (TenantStatus::OfflineMaintenance, false),
            (TenantStatus::OnlineMaintenance, true),
            (TenantStatus::Other("Hibernating".into()), false),
        ]
    );
}

#[tokio::test]
async fn endpoint_moves_between_calls() {
    let f = Fixture::new().await;
    f.stub.set_state(Box::new(|_, hit| {
        let host = if hit == 0 { "sod2" } else { "sod3" };
        json_response(
            200,
            state_json(
                &format!("https://{host}.superoffice.com:443/Cust12345"),
                "Running",
                true,
            ),
        )
    }));
    let first = tenant_state(&f.http, &f.env, CTX).await.unwrap();
    let second = tenant_state(&f.http, &f.env, CTX).await.unwrap();
    assert_eq!(first.endpoint, "https://sod2.superoffice.com:443/Cust12345");
    assert_eq!(
        second.endpoint,
        "https://sod3.superoffice.com:443/Cust12345"
    );
}

#[tokio::test]
async fn statuses_redirects_and_hostile_answers_are_typed() {
    let f = Fixture::new().await;
    let url = format!("{}/api/state/{CTX}", f.base);
    for status in [404, 421, 503] {
        f.stub.set_state(Box::new(move |_, _| {
            json_response(status, "Wrong subdomain used to access tenant")
        }));
        let err = tenant_state(&f.http, &f.env, CTX).await.unwrap_err();
        assert_eq!(
            err,
            OnlineError::Http {
                status,
                url: url.clone()
            }
        );
    }

    f.stub.set_state(Box::new(|_, _| {
        axum::response::Response::builder()
            .status(302)
            .header(
                "location",
                "https://elsewhere.example/api/state/Cust12345?x=1",
            )
            .body(axum::body::Body::empty())
            .unwrap()
    }));
    let err = tenant_state(&f.http, &f.env, CTX).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::Redirect {
            status: 302,
            location: "https://elsewhere.example/api/state/Cust12345".into()
        }
    );

    for body in [
        "<html/>",
        r#"{"ContextIdentifier":"Cust99","Endpoint":"https://sod2.superoffice.com/C","State":"Running"}"#,
        r#"{"ContextIdentifier":"Cust12345","Endpoint":"https://sod2.superoffice.com/C","State":"Running","ValidUntil":"tomorrow"}"#,
        r#"{"ContextIdentifier":12345}"#,
    ] {
        f.stub
            .set_state(Box::new(move |_, _| json_response(200, body)));
        let err = tenant_state(&f.http, &f.env, CTX).await.unwrap_err();
        assert!(
            matches!(
                err,
                OnlineError::InvalidAnswer {
                    what: "tenant state API",
                    ..
                }
            ),
            "{body}: {err:?}"
        );
    }

    let big = format!(r#"{{"Pad":"{}"}}"#, "x".repeat(2000));
    f.stub
        .set_state(Box::new(move |_, _| json_response(200, big.clone())));
    let small = OnlineHttp::new().unwrap().with_max_response_bytes(1000);
    let err = tenant_state(&small, &f.env, CTX).await.unwrap_err();
    assert_eq!(err, OnlineError::TooLarge { limit: 1000 });

    let err = tenant_state(&f.http, &f.env, "Cust1/../x")
        .await
        .unwrap_err();
    assert!(matches!(err, OnlineError::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn a_silent_server_times_out_within_the_budget() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let base = format!("http://{addr}");
    let env = sogen_runtime::online::Environment::custom(&base, &base).unwrap();
    let http = OnlineHttp::new()
        .unwrap()
        .with_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let err = tenant_state(&http, &env, CTX).await.unwrap_err();
    assert_eq!(err, OnlineError::Timeout(Duration::from_millis(300)));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
