//! The wire log (`sogen::wire` at TRACE) shows requests and responses with every secret
//! absent: password, tickets (sent and received), application token, bearer token and call
//! headers, a password a server quotes back (in any escaped form, and across the log's
//! cut), secrets inside broken markup; the user name only in its own element; and each
//! body cut at `WIRE_LOG_LIMIT`. In its own binary (see `capture`).

#![cfg(feature = "http")]

mod capture;
#[path = "it/session_common/mod.rs"]
mod session_common;

use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use session_common::*;
use sogen_runtime::{
    decode_response, Client, DeclaredHeaders, OperationInfo, Session, SoapVersion,
    UsernamePassword, WIRE_LOG_LIMIT,
};

const BEARER: &str = "bearer-9d8c7b6a";
const CALL_SECRET: &str = "call-header-5e4f";
const FIXED_TICKET: &str = "7T:FixedTicket==";

/// An agent of Services88, for `Session::login_for`.
struct Chat88;

impl sogen_runtime::Agent for Chat88 {
    const NAMESPACE: &'static str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
    fn from_client(_: sogen_runtime::Client) -> Self {
        Chat88
    }
}

static GET_BIG: OperationInfo = OperationInfo {
    agent: "Big",
    service_path: "Big.svc",
    name: "GetBig",
    action: "urn:big",
    soap: SoapVersion::Soap11,
    namespace: "http://www.superoffice.net/ws/crm/NetServer/Services88",
    headers: DeclaredHeaders::ALL,
};

/// A server whose answer is a 100 KB envelope.
async fn big_server() -> String {
    let big = || async {
        let pad = "<Pad>x</Pad>".repeat(10_000);
        let body = format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetBigResponse><Response>1</Response>{pad}</GetBigResponse></s:Body></s:Envelope>"#
        );
        (StatusCode::OK, [("content-type", "text/xml")], body)
    };
    let app = Router::new().route("/Remote/Services88/Big.svc", post(big));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/Remote/Services88/")
}

#[tokio::test]
async fn the_wire_log_shows_the_exchange_without_its_secrets() {
    let log = capture::install();
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .header("Authorization", format!("Bearer {BEARER}"))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let client = session.client();
    get_count(&client, &GET_COUNT_88)
        .header("X-Call-Secret", CALL_SECRET)
        .await
        .unwrap();
    let mut tickets: Vec<String> = server.valid.lock().unwrap().iter().cloned().collect();
    // A rejected login whose error message quotes the password back.
    *server.reject_with_exception.lock().unwrap() = true;
    *server.password.lock().unwrap() = "changed".into();
    server.expire_tickets();
    get_count(&client, &GET_COUNT_88).await.unwrap_err();
    tickets.extend(server.valid.lock().unwrap().iter().cloned());
    // A fixed ticket, and a body larger than the limit.
    let big = Client::builder(big_server().await)
        .ticket(FIXED_TICKET)
        .build()
        .unwrap();
    let value: i32 = big
        .call(
            &GET_BIG,
            |w| w.empty(GET_BIG.namespace, "GetBig"),
            decode_response::<i32>,
        )
        .await
        .unwrap();
    assert_eq!(value, 1);

    let log = log.lock().unwrap().clone();
    let wire: Vec<&str> = log
        .split("\nevent ")
        .filter(|e| e.starts_with("sogen::wire:"))
        .collect();
    assert!(wire.len() >= 8, "requests and responses are logged:\n{log}");
    let all = wire.join("\n");
    // What is not secret is there to read.
    for shown in [
        "message=request",
        "message=response",
        "status=200",
        "<UserName>[redacted]</UserName>",
        "<Password>[redacted]</Password>",
        "<Ticket>[redacted]</Ticket>",
        "<ApplicationToken xmlns=",
        "GetCountResponse",
        // The user name is not a secret: hidden in its own element only, not shredded
        // out of other text.
        "Wrong password [redacted] for jdoe@example.com",
        sogen_runtime::USER_AGENT,
        &format!("[cut: {WIRE_LOG_LIMIT} of "),
    ] {
        assert!(all.contains(shown), "{shown:?} not in the wire log:\n{all}");
    }
    let mut secrets = vec![PASSWORD, APP_TOKEN, BEARER, CALL_SECRET, FIXED_TICKET];
    secrets.extend(tickets.iter().map(String::as_str));
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    for secret in secrets {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
    // Bounded: the 100 KB body is logged as at most the limit and a note.
    let big_event = wire.iter().find(|e| e.contains("GetBigResponse")).unwrap();
    assert!(
        big_event.len() < WIRE_LOG_LIMIT + 2_000,
        "{} bytes",
        big_event.len()
    );
}

mod echo;

/// Items the wire log once let through: a password quoted the way WCF escapes text (`&`
/// escaped, `"` not), a ticket straddling the log's cut, and a secret element's text behind
/// end tags that close nothing.
#[tokio::test]
async fn partly_escaped_cut_and_broken_markup_secrets_stay_hidden() {
    use echo::{fault, wcf, xml};
    let log = capture::install();
    let from = log.lock().unwrap().len();
    const PASSWORD: &str = r#"PW&SECRET"9"#;
    const TICKET: &str = "7T:Cut14Chars=";
    let (server, base) = echo::serve(|seen: &echo::Seen| {
        fault(
            &format!("Wrong password {}", wcf(&seen.text("Password"))),
            "",
        )
    })
    .await;
    let session = Session::onsite(format!("{base}/SuperOffice"))
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .build()
        .unwrap();
    let err = session.login_for::<Chat88>().await.unwrap_err();
    assert!(
        err.to_string().contains("Wrong password [redacted]"),
        "{err}"
    );

    // The ticket 7 characters before the cut, then broken markup around another secret.
    server.set(|seen| {
        let head = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetBigResponse><Response>1</Response><Note>"#;
        let pad = "x".repeat(WIRE_LOG_LIMIT - 7 - head.len());
        let tail = "</Note></GetBigResponse></s:Body></s:Envelope>";
        xml(200, format!("{head}{pad}{}{tail}", seen.ticket()))
    });
    let client = Client::builder(format!("{base}/Remote/Services88/"))
        .ticket(TICKET)
        .build()
        .unwrap();
    let value: i32 = client
        .call(
            &GET_BIG,
            |w| w.empty(GET_BIG.namespace, "GetBig"),
            decode_response::<i32>,
        )
        .await
        .unwrap();
    assert_eq!(value, 1);
    server.set(|_| {
        let body = "<a><Password></X></Y>SERVERSIDE-PW</Password></a>";
        xml(200, echo::envelope("", body))
    });
    client
        .call(
            &GET_BIG,
            |w| w.empty(GET_BIG.namespace, "GetBig"),
            decode_response::<i32>,
        )
        .await
        .unwrap_err();

    let log = log.lock().unwrap()[from..].to_owned();
    assert!(log.contains("Wrong password [redacted]"), "{log}");
    // The ticket's `[redacted]` would straddle the cut: the cut moves before it, so no
    // part of the marker reads as the start of a secret.
    assert!(log.contains("xxxxxx ... [cut: 16384 of"), "{log}");
    for shown in [
        "PW&amp;SECRET\"9",
        "PW&SECRET",
        "SECRET\"9",
        "7T:Cut1",
        "4Chars=",
        "SERVERSIDE",
    ] {
        assert!(!log.contains(shown), "{shown:?} in the log:\n{log}");
    }
}

/// The REST wire's bodies: the request's and the response's secret members hidden by
/// name, also one that straddles the log's cut; the credential headers hidden.
#[cfg(feature = "rest")]
#[tokio::test]
async fn rest_bodies_show_no_secret_member() {
    use axum::response::IntoResponse;
    use sogen_runtime::json::decode_json;
    use sogen_runtime::{Body, Decoders, Wire};
    let log = capture::install();
    let from = log.lock().unwrap().len();
    const SERVER_SECRET: &str = "ServerSideSecret-Q9w8e7";
    let (_echo, base) = echo::serve(|_| {
        let head = r#"{"Count":3,"Pad":""#;
        // The secret member's value starts 5 bytes before the cut.
        let pad = "x".repeat(WIRE_LOG_LIMIT - head.len() - r#"","AccessToken":""#.len() - 5);
        let body = format!(r#"{head}{pad}","AccessToken":"{SERVER_SECRET}"}}"#);
        (
            StatusCode::OK,
            [("content-type", "application/json; charset=utf-8")],
            body,
        )
            .into_response()
    })
    .await;
    let client = Client::builder(format!("{base}/Remote/Services88/"))
        .wire(Wire::Rest)
        .ticket(FIXED_TICKET)
        .build()
        .unwrap();
    let value: sogen_runtime::Map<String, serde_json::Value> = client
        .call_wire(
            &GET_BIG,
            |b| {
                if let Body::Json(w) = b {
                    w.field("NewPassword", "request-side-Pw-3");
                }
            },
            Decoders::json(decode_json),
        )
        .await
        .unwrap();
    assert_eq!(value.0.len(), 3, "the value as it came");
    let log = log.lock().unwrap()[from..].to_owned();
    assert!(log.contains(r#"{"NewPassword":"[redacted]"}"#), "{log}");
    assert!(log.contains(r#""Count":3"#), "{log}");
    assert!(log.contains(r#"("Authorization", "[redacted]")"#), "{log}");
    for secret in [
        FIXED_TICKET,
        "request-side-Pw-3",
        "ServerS",
        "Secret-Q9w8e7",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}
