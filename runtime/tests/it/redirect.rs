//! The redirect rule against real HTTP servers on 127.0.0.1: the NetServer origin and a
//! second origin (another port) that must never see the ticket, application token or
//! bearer token.
#![cfg(feature = "http")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use sogen_runtime::redirect::RedirectReason;
use sogen_runtime::{
    decode_response, BoxFuture, Client, DeclaredHeaders, Error, HttpRequest, HttpResponse,
    OperationInfo, SoapVersion, Transport, TransportError,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const TICKET: &str = "7T:RedirectTicket==";
const APP_TOKEN: &str = "app-token-redirect";
const BEARER: &str = "bearer-redirect";

/// What a server received: method, path, headers, body.
type Seen = Arc<Mutex<Vec<(Method, String, HeaderMap, String)>>>;

#[derive(Clone)]
struct Origin {
    seen: Seen,
    /// The other origin's base URL (for the cross-origin cases).
    other: String,
    /// This server's own `host:port`.
    me: String,
}

fn success() -> Response {
    let body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetCountResponse xmlns="{NS}"><Response>12</Response></GetCountResponse></s:Body></s:Envelope>"#
    );
    (StatusCode::OK, [("content-type", "text/xml")], body).into_response()
}

fn redirect(status: u16, location: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap();
    (status, [("location", location.to_owned())]).into_response()
}

async fn netserver(
    State(o): State<Origin>,
    method: Method,
    Path(case): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let case = case.trim_end_matches(".svc").to_owned();
    let text = String::from_utf8_lossy(&body).into_owned();
    o.seen
        .lock()
        .unwrap()
        .push((method, case.clone(), headers, text));
    let status = |prefix: &str| case.strip_prefix(prefix).and_then(|s| s.parse().ok());
    if let Some(s) = status("Cross") {
        return redirect(s, &format!("{}Success.svc", o.other));
    }
    if let Some(s) = status("Same") {
        return redirect(s, "/Remote/Services88/Success.svc");
    }
    match case.as_str() {
        "Success" => success(),
        "CrossSecret" => redirect(
            307,
            &format!(
                "http://user:pa55@{}/x?ticket=7T:leak#frag",
                o.other
                    .trim_start_matches("http://")
                    .split('/')
                    .next()
                    .unwrap()
            ),
        ),
        "ToHttps" => redirect(
            308,
            &format!("https://{}/Remote/Services88/Success.svc", o.me),
        ),
        "Loop" => redirect(307, "/Remote/Services88/Loop.svc"),
        "Chain2" => redirect(307, "Chain1.svc"),
        "Chain1" => redirect(308, "Success.svc"),
        "NoLocation" => StatusCode::TEMPORARY_REDIRECT.into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The other origin: records whatever reaches it and answers as NetServer would, so that a
/// followed redirect would be accepted.
async fn elsewhere(
    State(seen): State<Seen>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).into_owned();
    seen.lock()
        .unwrap()
        .push((method, String::new(), headers, text));
    success()
}

async fn listen() -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let me = listener.local_addr().unwrap().to_string();
    (listener, me)
}

/// Both origins' base URLs and the requests they received.
struct Servers {
    base: String,
    seen: Seen,
    other: String,
    other_seen: Seen,
}

async fn start() -> Servers {
    let other_seen = Seen::default();
    let (listener, other) = listen().await;
    let app = Router::new()
        .fallback(any(elsewhere))
        .with_state(other_seen.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let seen = Seen::default();
    let (listener, me) = listen().await;
    let other = format!("http://{other}/Remote/Services88/");
    let origin = Origin {
        seen: seen.clone(),
        other: other.clone(),
        me: me.clone(),
    };
    let app = Router::new()
        .route("/Remote/Services88/{case}", any(netserver))
        .with_state(origin);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Servers {
        base: format!("http://{me}/Remote/Services88/"),
        seen,
        other,
        other_seen,
    }
}

fn op(case: &str) -> &'static OperationInfo {
    Box::leak(Box::new(OperationInfo {
        agent: "Test",
        service_path: Box::leak(format!("{case}.svc").into_boxed_str()),
        name: "GetCount",
        action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Test/GetCount",
        soap: SoapVersion::Soap11,
        namespace: NS,
        headers: DeclaredHeaders::ALL,
    }))
}

fn client(base: &str) -> Client {
    Client::builder(base)
        .ticket(TICKET)
        .application_token(APP_TOKEN)
        .bearer_token(BEARER)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn get_count(c: &Client, case: &str) -> Result<i32, Error> {
    c.call(
        op(case),
        |w| w.empty(NS, "GetCount"),
        decode_response::<i32>,
    )
    .await
}

fn assert_no_secret(e: &Error) {
    let text = format!("{e} {e:?}");
    for secret in [TICKET, APP_TOKEN, BEARER, "pa55", "7T:leak", "frag"] {
        assert!(!text.contains(secret), "secret in {text}");
    }
}

fn requests_for(seen: &Seen, case: &str) -> Vec<Method> {
    let seen = seen.lock().unwrap();
    seen.iter()
        .filter(|(_, c, _, _)| c == case)
        .map(|(m, ..)| m.clone())
        .collect()
}

#[tokio::test]
async fn redirects_to_another_origin_are_refused_and_nothing_reaches_it() {
    let s = start().await;
    let target = format!("{}Success.svc", s.other);
    let c = client(&s.base);
    for status in [301, 302, 303, 307, 308] {
        let err = get_count(&c, &format!("Cross{status}")).await.unwrap_err();
        assert_no_secret(&err);
        let Error::Redirect {
            url,
            status: s,
            location,
            reason,
        } = &err
        else {
            panic!("{status}: {err:?}")
        };
        assert!(url.ends_with(&format!("Cross{status}.svc")), "{url}");
        assert_eq!(*s, status);
        assert_eq!(location.as_deref(), Some(target.as_str()));
        assert_eq!(*reason, RedirectReason::OtherOrigin, "{status}");
        let text = err.to_string();
        assert!(
            text.contains(&target),
            "the message names the location: {text}"
        );
    }
    // http -> https on the same host is another origin too.
    let err = get_count(&c, "ToHttps").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Redirect {
                status: 308,
                reason: RedirectReason::OtherOrigin,
                ..
            }
        ),
        "{err:?}"
    );
    // User info, query and fragment of a location stay out of the error.
    let err = get_count(&c, "CrossSecret").await.unwrap_err();
    assert_no_secret(&err);
    let Error::Redirect { location, .. } = &err else {
        panic!("{err:?}")
    };
    let expected = s.other.replace("/Remote/Services88/", "/x");
    assert_eq!(location.as_deref(), Some(expected.as_str()));
    assert!(
        s.other_seen.lock().unwrap().is_empty(),
        "the other origin received a request"
    );
    assert!(requests_for(&s.seen, "Success").is_empty());
}

#[tokio::test]
async fn same_origin_301_302_303_are_errors_never_a_get() {
    let s = start().await;
    let c = client(&s.base);
    for status in [301, 302, 303] {
        let err = get_count(&c, &format!("Same{status}")).await.unwrap_err();
        assert_no_secret(&err);
        assert!(
            matches!(
                err,
                Error::Redirect { status: s, reason: RedirectReason::MethodChange, .. } if s == status
            ),
            "{status}: {err:?}"
        );
    }
    assert!(
        requests_for(&s.seen, "Success").is_empty(),
        "the redirect target was requested"
    );
}

#[tokio::test]
async fn same_origin_307_308_are_followed_with_the_request_a_bounded_number_of_times() {
    let s = start().await;
    let c = client(&s.base);
    for case in ["Same307", "Same308", "Chain2"] {
        assert_eq!(get_count(&c, case).await.unwrap(), 12, "{case}");
    }
    {
        let seen = s.seen.lock().unwrap();
        let followed: Vec<_> = seen.iter().filter(|(_, c, _, _)| c == "Success").collect();
        assert_eq!(followed.len(), 3);
        for (method, _, headers, body) in followed {
            assert_eq!(method, Method::POST);
            assert_eq!(headers["authorization"], format!("Bearer {BEARER}"));
            assert!(body.contains(TICKET) && body.contains(APP_TOKEN), "{body}");
        }
    }
    let err = get_count(&c, "Loop").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Redirect {
                status: 307,
                reason: RedirectReason::TooManyHops { max: 5 },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        requests_for(&s.seen, "Loop").len(),
        6,
        "the request and 5 hops"
    );
    assert!(s.other_seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_redirect_without_location_is_an_error_not_the_answer() {
    let s = start().await;
    let err = get_count(&client(&s.base), "NoLocation").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Redirect {
                status: 307,
                location: None,
                reason: RedirectReason::NotFollowed,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A custom transport that follows nothing and hands the 3xx over.
#[derive(Debug)]
struct Raw302;

impl Transport for Raw302 {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async {
            Ok(HttpResponse {
                status: 302,
                content_type: None,
                body: Vec::new(),
            })
        })
    }
}

#[test]
fn a_redirect_from_a_custom_transport_is_an_error() {
    let c = Client::builder("https://example.invalid/")
        .ticket(TICKET)
        .transport(Arc::new(Raw302))
        .build()
        .unwrap();
    let err = c
        .call(
            op("Any"),
            |w| w.empty(NS, "GetCount"),
            decode_response::<i32>,
        )
        .blocking()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Redirect {
                status: 302,
                reason: RedirectReason::NotFollowed,
                ..
            }
        ),
        "{err:?}"
    );
}
