//! Hostile and broken JSON answers to a real REST call of a generated agent (Services88
//! `Chat.GetChatMessages` over HTTP on 127.0.0.1): not JSON, a byte order mark, invalid
//! UTF-8, nesting, size, duplicate members, numbers out of range, floods of unknown
//! members, and a body too big to decode in the call's time. Each is a typed error (never
//! a panic), with memory bounded by `Limits` (the body's size, the unknown members kept)
//! and time bounded by the call's timeout.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use sogen_runtime::{Client, DecodeErrorKind as K, Error, LimitKind, Limits, Wire};
use sogen_tests::generated::services88::ChatAgent;

/// The answer the server gives every request: content type and body.
type Answer = Arc<Mutex<(&'static str, Vec<u8>)>>;

async fn serve(answer: Answer) -> String {
    let app = Router::new().fallback(move || {
        let (content_type, body) = answer.lock().unwrap().clone();
        async move {
            let response: Response =
                (StatusCode::OK, [("content-type", content_type)], body).into_response();
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/Remote/Services88/")
}

fn agent(url: &str, limits: Limits, timeout: Duration) -> ChatAgent {
    let client = Client::builder(url)
        .wire(Wire::Rest)
        .ticket("7T:hostile")
        .limits(limits)
        .timeout(timeout)
        .build()
        .unwrap();
    ChatAgent::new(client)
}

const JSON: &str = "application/json; charset=utf-8";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_answers_are_typed_errors_within_the_limits() {
    let answer: Answer = Arc::new(Mutex::new((JSON, Vec::new())));
    let url = serve(answer.clone()).await;
    let small = Limits {
        max_response_bytes: 256 * 1024,
        max_unknown_elements: 1_000,
        max_unknown_bytes: 64 * 1024,
        ..Limits::default()
    };
    let chat = agent(&url, small, Duration::from_secs(10));
    // Nested 20,000 deep inside a member the schema does not know: kept as its text,
    // never recursed into, so only its size counts.
    let deep_unknown = format!(
        r#"[{{"New":{}1{}}}]"#,
        r#"{"a":"#.repeat(20_000),
        "}".repeat(20_000)
    );
    let flood = {
        let members: Vec<String> = (0..5_000).map(|i| format!(r#""New{i}":{i}"#)).collect();
        format!("[{{{}}}]", members.join(","))
    };
    let fat = format!(r#"[{{"New":"{}"}}]"#, "x".repeat(100_000));
    let big = format!(r#"[{{"Message":"{}"}}]"#, "x".repeat(300 * 1024));
    let cases: Vec<(&str, &'static str, Vec<u8>)> = vec![
        (
            "not JSON",
            JSON,
            b"<html>Service Unavailable</html>".to_vec(),
        ),
        ("truncated", JSON, br#"[{"ChatMessageId": 1,"#.to_vec()),
        ("BOM", JSON, b"\xEF\xBB\xBF[]".to_vec()),
        (
            "invalid UTF-8",
            JSON,
            b"[{\"Message\":\"caf\xC3\"}]".to_vec(),
        ),
        ("deep unknown", JSON, deep_unknown.into_bytes()),
        (
            "duplicate",
            JSON,
            br#"[{"ChatMessageId":1,"ChatMessageId":2}]"#.to_vec(),
        ),
        (
            "out of range",
            JSON,
            br#"[{"ChatMessageId":2147483648}]"#.to_vec(),
        ),
        (
            "huge number",
            JSON,
            br#"[{"ChatMessageId":1e400}]"#.to_vec(),
        ),
        ("unknown members", JSON, flood.into_bytes()),
        ("unknown bytes", JSON, fat.into_bytes()),
        ("size", JSON, big.into_bytes()),
    ];
    for (name, content_type, body) in cases {
        *answer.lock().unwrap() = (content_type, body);
        let err = chat.get_chat_messages(1, 0).await.unwrap_err();
        let ok = match name {
            "not JSON" | "truncated" => {
                matches!(&err, Error::Decode(d) if matches!(d.kind(), K::Json(_)))
            }
            "BOM" => matches!(&err, Error::Decode(d) if *d.kind() == K::ByteOrderMark),
            "invalid UTF-8" => matches!(&err, Error::Decode(d) if *d.kind() == K::InvalidUtf8),
            "deep unknown" => matches!(
                err,
                Error::LimitExceeded {
                    kind: LimitKind::UnknownBytes,
                    ..
                }
            ),
            "duplicate" => {
                matches!(&err, Error::Decode(d) if matches!(d.kind(), K::DuplicateKey(k) if k == "ChatMessageId"))
            }
            "out of range" | "huge number" => {
                matches!(&err, Error::Decode(d) if matches!(d.kind(), K::NumberOutOfRange { .. }))
            }
            "unknown members" => matches!(
                err,
                Error::LimitExceeded {
                    kind: LimitKind::UnknownElements,
                    limit: 1_000
                }
            ),
            "unknown bytes" => matches!(
                err,
                Error::LimitExceeded {
                    kind: LimitKind::UnknownBytes,
                    ..
                }
            ),
            "size" => matches!(
                err,
                Error::LimitExceeded {
                    kind: LimitKind::ResponseSize,
                    limit: 262_144
                }
            ),
            _ => unreachable!(),
        };
        assert!(ok, "{name}: {err:?}");
    }
    // The same bodies as another content type than JSON (a proxy's page): HTTP errors.
    *answer.lock().unwrap() = ("text/html", b"<html>Sign in</html>".to_vec());
    let err = chat.get_chat_messages(1, 0).await.unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 200, excerpt, .. } if excerpt == "Sign in"),
        "{err:?}"
    );
}

/// A value nested deeper than `Limits::max_depth` (a recursive type of Services99's
/// Constructs agent, `Node.Parent`): the depth limit, through a call.
#[tokio::test]
async fn nesting_beyond_the_limit_is_a_depth_error() {
    use sogen_tests::generated::services99::ConstructsAgent;
    let deep = format!(
        r#"{{"Response":{{"Tree":{}{{}}{}}}}}"#,
        r#"{"Parent":"#.repeat(1_000),
        "}".repeat(1_000)
    );
    let answer: Answer = Arc::new(Mutex::new((JSON, deep.into_bytes())));
    let url = serve(answer).await;
    let client = Client::builder(url.replace("Services88", "Services99"))
        .wire(Wire::Rest)
        .build()
        .unwrap();
    let err = ConstructsAgent::new(client)
        .exercise(sogen_runtime::Nil, sogen_runtime::Nil, 0)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                kind: LimitKind::Depth,
                limit: 128
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_too_big_to_decode_in_time_ends_with_the_call_s_budget() {
    let message = r#"{"ChatMessageId":1,"ChatSessionId":2,"Type":"Invalid","Message":"m","Author":"a","ReadByCustomer":0,"SpecialType":"Block","SpecialParam":"p","WhenPosted":"2020-05-28T14:28:21.5710362+02:00"}"#;
    let body = format!("[{}]", vec![message; 100_000].join(","));
    let answer: Answer = Arc::new(Mutex::new((JSON, body.into_bytes())));
    let url = serve(answer).await;
    let chat = agent(&url, Limits::default(), Duration::from_secs(10));
    // Within a roomy budget it decodes (on the blocking pool: 20 MB).
    let all = chat.get_chat_messages(1, 0).await.unwrap().unwrap();
    assert_eq!(all.len(), 100_000);
    // Within a short one it ends as a timeout, not long after the budget.
    let chat = agent(&url, Limits::default(), Duration::from_millis(150));
    let started = Instant::now();
    let err = chat.get_chat_messages(1, 0).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
