//! A server that quotes back what it was sent -- in a fault, an `ExceptionInfo`, a field of
//! another type, a login's answer, a response header, an HTML or JSON error page, escaped
//! the ways servers escape -- never gets a secret of the client into an error's `Display`
//! or `Debug`, a response's `Debug`, or any `tracing` event (TRACE wire log included).
//! Ends with the property test: any secret, quoted anywhere. In its own binary (see
//! `capture`).

#![cfg(feature = "http")]

mod capture;
mod echo;

use std::fmt::Write as _;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use echo::{envelope, fault, forms, json_ascii, wcf, xml, xml_full, xml_numeric, Seen};
use proptest::prelude::*;
use sogen_runtime::{
    decode_response, Call, Client, DeclaredHeaders, Error, OperationInfo, Session, SoapVersion,
    UsernamePassword, WIRE_LOG_LIMIT,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// An agent of Services88, for `Session::login_for`.
struct Chat88;

impl sogen_runtime::Agent for Chat88 {
    const NAMESPACE: &'static str = NS;
    fn from_client(_: sogen_runtime::Client) -> Self {
        Chat88
    }
}

static GET_COUNT: OperationInfo = OperationInfo {
    agent: "Chat",
    service_path: "Chat.svc",
    name: "GetCount",
    action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetCount",
    soap: SoapVersion::Soap11,
    namespace: NS,
    headers: DeclaredHeaders::ALL,
};

fn get_count(client: &Client) -> Call<i32> {
    client.call(
        &GET_COUNT,
        |w| w.empty(NS, "GetCount"),
        decode_response::<i32>,
    )
}

fn answer(value: &str) -> String {
    envelope(
        "",
        &format!(
            r#"<GetCountResponse xmlns="{NS}"><Response>{value}</Response></GetCountResponse>"#
        ),
    )
}

/// The log written since `from`.
fn log_since(log: &std::sync::Mutex<String>, from: usize) -> String {
    log.lock().unwrap()[from..].to_owned()
}

/// Fails naming the first form of a secret (or fragment) found in `shown`.
fn assert_hidden(shown: &str, secrets: &[&str]) {
    for secret in secrets {
        for form in forms(secret) {
            assert!(!shown.contains(&form), "{form:?} shown:\n{shown}");
        }
    }
}

const TICKET: &str = r#"7T:Tick&et<"9>'Zz=="#;
const APP_TOKEN: &str = r#"app&"Tok<1>en'Qq"#;
const BEARER: &str = "bearer-Zx81&Q7";

fn client(base: &str) -> Client {
    Client::builder(format!("{base}/Remote/Services88/"))
        .ticket(TICKET)
        .application_token(APP_TOKEN)
        .bearer_token(BEARER)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn errors_never_quote_a_ticket_or_token_a_server_echoes() {
    let log = capture::install();
    let from = log.lock().unwrap().len();
    let (echo, base) = echo::serve(|seen: &Seen| fault(&wcf(&seen.body), &seen.body)).await;
    let client = client(&base);
    let mut shown = String::new();

    // A fault quoting the whole request, as text and as XML.
    let e = get_count(&client).await.unwrap_err();
    assert!(
        matches!(&e, Error::Fault(f) if f.reason.contains("[redacted]")),
        "{e:?}"
    );
    let _ = write!(shown, "{e}\n{e:?}\n");
    // The ticket where an int belongs.
    echo.set(|seen| xml(200, answer(&wcf(&seen.ticket()))));
    let e = get_count(&client).await.unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    let _ = write!(shown, "{e}\n{e:?}\n");
    // An ExceptionInfo quoting the token fully escaped, and as character references.
    echo.set(|seen| {
        let app = seen.application_token();
        let header = format!(
            r#"<ExceptionInfo xmlns="{NS}"><Message>bad token {}</Message><StackTrace>at {}</StackTrace><ExceptionType>SoException</ExceptionType></ExceptionInfo><Succeeded xmlns="{NS}">false</Succeeded>"#,
            xml_full(&app),
            xml_numeric(&app)
        );
        xml(200, envelope(&header, &format!(r#"<GetCountResponse xmlns="{NS}"/>"#)))
    });
    let e = get_count(&client).await.unwrap_err();
    assert!(
        matches!(&e, Error::SuperOffice(x) if x.message == "bad token [redacted]"),
        "{e:?}"
    );
    let _ = write!(shown, "{e}\n{e:?}\n");
    // An HTML error page and a JSON one quoting both.
    echo.set(|seen| {
        let page = format!(
            "<html><body><p>ticket {} token {}</p></body></html>",
            xml_full(&seen.ticket()),
            wcf(&seen.application_token())
        );
        (
            StatusCode::BAD_GATEWAY,
            [("content-type", "text/html")],
            page,
        )
            .into_response()
    });
    let e = get_count(&client).await.unwrap_err();
    assert!(
        matches!(&e, Error::Http { status: 502, excerpt, .. } if excerpt == "ticket [redacted] token [redacted]"),
        "{e:?}"
    );
    let _ = write!(shown, "{e}\n{e:?}\n");
    echo.set(|seen| {
        let json = format!(
            r#"{{"error":"ticket \"{}\" rejected","token":"{}"}}"#,
            json_ascii(&seen.ticket()),
            json_ascii(&seen.application_token())
        );
        (
            StatusCode::UNAUTHORIZED,
            [("content-type", "application/json")],
            json,
        )
            .into_response()
    });
    let e = get_count(&client).await.unwrap_err();
    assert!(matches!(e, Error::Http { status: 401, .. }), "{e:?}");
    let _ = write!(shown, "{e}\n{e:?}\n");

    let log = log_since(&log, from);
    assert!(
        log.contains("call failed"),
        "the runtime's own event:\n{log}"
    );
    assert!(log.contains("sogen::wire"), "the wire log:\n{log}");
    assert_hidden(
        &format!("{shown}\n{log}"),
        &[TICKET, APP_TOKEN, BEARER, "Tick&et", "Tok<1>"],
    );
}

/// A REST call with a secret-named member in its body (hidden in the wire log by its
/// name: the runtime does not know its value).
#[cfg(feature = "rest")]
fn rest_call(client: &Client) -> Call<Option<i32>> {
    client.call_wire(
        &GET_COUNT,
        |b| {
            if let sogen_runtime::Body::Json(w) = b {
                w.field("UserPassword", BODY_SECRET);
                w.field("Count", &1);
            }
        },
        sogen_runtime::Decoders::both(
            decode_response::<Option<i32>>,
            sogen_runtime::json::decode_json::<Option<i32>>,
        ),
    )
}

#[cfg(feature = "rest")]
const BODY_SECRET: &str = "body-Pa55word-x1";
/// A secret only the server knows, in a member named as one.
#[cfg(feature = "rest")]
const SERVER_SECRET: &str = "server-side-Secret-77";

#[cfg(feature = "rest")]
fn json(status: u16, body: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The REST wire: the ticket and tokens travel in headers; servers quote them back in
/// SuperOffice's and ASP.NET's error objects, other JSON, and secret-named members. No
/// error, `Debug` or log shows them; the wire log hides secret members by name too.
#[cfg(feature = "rest")]
#[tokio::test]
async fn rest_errors_and_the_wire_log_never_quote_a_secret() {
    let log = capture::install();
    let from = log.lock().unwrap().len();
    let (echo, base) = echo::serve(|seen: &Seen| {
        let body = format!(
            r#"{{"Error":true,"ErrorType":"SoException","ErrorMessage":"bad ticket {}","ErrorSource":"{}"}}"#,
            json_ascii(&seen.header("authorization")),
            json_ascii(&seen.header("so-apptoken"))
        );
        json(400, body)
    })
    .await;
    let rest = |bearer: bool| {
        let builder = Client::builder(format!("{base}/Remote/Services88/"))
            .wire(sogen_runtime::Wire::Rest)
            .application_token(APP_TOKEN)
            .timeout(Duration::from_secs(10));
        let builder = if bearer {
            builder.bearer_token(BEARER)
        } else {
            builder.ticket(TICKET)
        };
        builder.build().unwrap()
    };
    let mut shown = String::new();
    for client in [rest(false), rest(true)] {
        let e = rest_call(&client).await.unwrap_err();
        assert!(
            matches!(&e, Error::SuperOffice(x) if x.message.starts_with("bad ticket ") && x.message.ends_with("[redacted]") && x.source == "[redacted]"),
            "{e:?}"
        );
        let _ = write!(shown, "{e}\n{e:?}\n");
    }
    // ASP.NET's error object quoting the headers; a page of other JSON quoting them and
    // a server-side secret in a member named as one.
    echo.set(|seen| {
        let detail = json_ascii(&format!(
            "sent {} and {}",
            seen.header("authorization"),
            seen.header("so-apptoken")
        ));
        json(
            500,
            format!(r#"{{"Message":"An error has occurred.","MessageDetail":"{detail}"}}"#),
        )
    });
    let e = rest_call(&rest(false)).await.unwrap_err();
    assert!(
        matches!(&e, Error::Fault(f) if f.detail.as_deref().unwrap().contains("[redacted]")),
        "{e:?}"
    );
    let _ = write!(shown, "{e}\n{e:?}\n");
    echo.set(|seen| {
        let body = format!(
            r#"{{"Password":"{SERVER_SECRET}","Echo":"{}","Request":{}}}"#,
            json_ascii(&seen.header("authorization")),
            seen.body
        );
        json(502, body)
    });
    let e = rest_call(&rest(false)).await.unwrap_err();
    assert!(
        matches!(&e, Error::Http { status: 502, excerpt, .. } if excerpt.contains(r#""Password":"[redacted]""#)),
        "{e:?}"
    );
    let _ = write!(shown, "{e}\n{e:?}\n");
    // A value with a secret member of the server's own: returned as it came, hidden in
    // the log.
    echo.set(|_| json(200, format!(r#"{{"Ticket":"{SERVER_SECRET}"}}"#)));
    let e = rest_call(&rest(false)).await.unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "an object is no int: {e:?}");
    let _ = write!(shown, "{e}\n{e:?}\n");

    let log = log_since(&log, from);
    assert!(
        log.contains(r#""UserPassword":"[redacted]""#),
        "the request's member:\n{log}"
    );
    assert!(
        log.contains(r#""Ticket":"[redacted]""#),
        "the response's member:\n{log}"
    );
    assert!(
        log.contains("(\"Authorization\", \"[redacted]\")"),
        "the header is there:\n{log}"
    );
    assert_hidden(
        &format!("{shown}\n{log}"),
        &[
            TICKET,
            APP_TOKEN,
            BEARER,
            BODY_SECRET,
            SERVER_SECRET,
            "Tick&et",
            "Tok<1>",
        ],
    );
}

const PASSWORD: &str = r#"PW&SECRET"9"#;

#[tokio::test]
async fn login_failures_never_quote_the_password_or_token() {
    let log = capture::install();
    let from = log.lock().unwrap().len();
    let (echo, base) = echo::serve(|_: &Seen| xml(500, String::new())).await;
    let session = Session::onsite(format!("{base}/SuperOffice"))
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new("jdoe", PASSWORD))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let answer = |inner: &str| {
        format!(r#"<AuthenticateResponse xmlns="{NS}">{inner}</AuthenticateResponse>"#)
    };
    let mut shown = String::new();

    // Refused with an ExceptionInfo quoting the password the way WCF escapes text (`&`
    // escaped, `"` not) and the application token.
    echo.set(move |seen| {
        let (pw, app) = (seen.text("Password"), seen.application_token());
        let header = format!(
            r#"<ExceptionInfo xmlns="{NS}"><Message>Wrong password {} for {}, token {}</Message><ExceptionType>SoAuthenticationException</ExceptionType></ExceptionInfo><Succeeded xmlns="{NS}">false</Succeeded>"#,
            wcf(&pw),
            seen.text("UserName"),
            wcf(&app)
        );
        xml(200, envelope(&header, &answer("")))
    });
    let e = session.login_for::<Chat88>().await.unwrap_err();
    assert!(matches!(e, Error::LoginFailed { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("Wrong password [redacted] for jdoe, token [redacted]"),
        "{e}"
    );
    let _ = write!(shown, "{e}\n{e:?}\n");
    // Refused with a fault quoting them escaped in full.
    echo.set(|seen| {
        let quoted = format!(
            "{} / {}",
            xml_full(&seen.text("Password")),
            xml_full(&seen.application_token())
        );
        fault(&quoted, &format!("<Sent>{quoted}</Sent>"))
    });
    let e = session.login_for::<Chat88>().await.unwrap_err();
    assert!(matches!(e, Error::LoginFailed { .. }), "{e:?}");
    let _ = write!(shown, "{e}\n{e:?}\n");
    // The password where a boolean belongs.
    echo.set(move |seen| {
        let inner = format!(
            "<AuthenticationSucceeded>{}</AuthenticationSucceeded>",
            wcf(&seen.text("Password"))
        );
        xml(200, envelope("", &answer(&inner)))
    });
    let e = session.login_for::<Chat88>().await.unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    let _ = write!(shown, "{e}\n{e:?}\n");
    // A blank ticket is a failed login, not a success.
    echo.set(move |_| {
        let inner = "<Credentials><Ticket>   </Ticket></Credentials><AuthenticationSucceeded>true</AuthenticationSucceeded>";
        xml(200, envelope("", &answer(inner)))
    });
    let e = session.login_for::<Chat88>().await.unwrap_err();
    assert!(matches!(e, Error::LoginFailed { .. }), "{e:?}");
    assert_eq!(session.logins(), 4);

    let log = log_since(&log, from);
    assert!(log.contains("span sogen_login"), "{log}");
    assert_hidden(&format!("{shown}\n{log}"), &[PASSWORD, APP_TOKEN, "SECRET"]);
}

#[tokio::test]
async fn secrets_in_response_headers_are_hidden() {
    let log = capture::install();
    let from = log.lock().unwrap().len();
    let quoting = |status: StatusCode| {
        move |seen: &Seen| -> Response {
            let bearer = seen.header("authorization").replace("Bearer ", "");
            let headers = [
                ("content-type", "text/xml".to_owned()),
                ("x-debug", format!("ticket={}", json_ascii(&seen.ticket()))),
                (
                    "www-authenticate",
                    format!(
                        r#"Bearer error="invalid_token", token="{bearer}", app="{}""#,
                        json_ascii(&seen.application_token())
                    ),
                ),
            ];
            let mut response = (status, answer("1")).into_response();
            for (k, v) in headers {
                response.headers_mut().insert(k, v.parse().unwrap());
            }
            response
        }
    };
    let (echo, base) = echo::serve(quoting(StatusCode::OK)).await;
    let client = client(&base);
    let r = get_count(&client).with_headers().await.unwrap();
    assert_eq!(r.http_headers.get("x-debug"), Some("ticket=[redacted]"));
    assert_eq!(
        r.http_headers.get("www-authenticate"),
        Some(r#"Bearer error="invalid_token", token="[redacted]", app="[redacted]""#)
    );
    let mut shown = format!("{r:?}\n");
    echo.set(quoting(StatusCode::SERVICE_UNAVAILABLE));
    let e = get_count(&client).await.unwrap_err();
    assert!(matches!(e, Error::Http { status: 503, .. }), "{e:?}");
    let _ = write!(shown, "{e}\n{e:?}\n{:?}", e.http_headers());

    let log = log_since(&log, from);
    assert!(log.contains("x-debug"), "{log}");
    assert_hidden(&format!("{shown}\n{log}"), &[TICKET, APP_TOKEN, BEARER]);
}

/// Where the property test's server quotes the ticket.
fn quote(place: usize, ticket: &str) -> Response {
    match place {
        0 => fault(&wcf(ticket), ""),
        1 => fault("no", &format!("<d>{}</d>", xml_full(ticket))),
        2 => xml(200, answer(&wcf(ticket))),
        3 => {
            let header = format!(
                r#"<ExceptionInfo xmlns="{NS}"><Message>{}</Message></ExceptionInfo>"#,
                xml_numeric(ticket)
            );
            xml(
                200,
                envelope(&header, &format!(r#"<GetCountResponse xmlns="{NS}"/>"#)),
            )
        }
        4 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [("content-type", "text/html")],
            format!("<p>{}</p>", xml_full(ticket)),
        )
            .into_response(),
        5 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "application/json")],
            format!(r#"{{"t":"{}"}}"#, json_ascii(ticket)),
        )
            .into_response(),
        6 | 7 => {
            let status = if place == 6 {
                StatusCode::OK
            } else {
                StatusCode::BAD_GATEWAY
            };
            let mut r = (status, [("content-type", "text/xml")], answer("1")).into_response();
            r.headers_mut()
                .insert("x-debug", json_ascii(ticket).parse().unwrap());
            r
        }
        _ => {
            // The ticket across the wire log's cut, in an element the client skips.
            let quoted = wcf(ticket);
            let head = answer("1").replace("</GetCountResponse></s:Body></s:Envelope>", "<Pad>");
            let pad = (WIRE_LOG_LIMIT - head.len()).saturating_sub(quoted.len() / 2);
            let body = format!(
                "{head}{}{quoted}</Pad></GetCountResponse></s:Body></s:Envelope>",
                "x".repeat(pad)
            );
            xml(200, body)
        }
    }
}

/// A secret with a distinctive head and tail around any characters (the ones escaping
/// changes most often).
fn secret() -> impl Strategy<Value = (String, String, String)> {
    let core = proptest::collection::vec(
        prop_oneof![3 => "[&<>\"'\\\\;#]", 2 => "[^\\x00-\\x1f\\x7f]"],
        0..12,
    )
    .prop_map(|v| v.concat());
    ("[A-Za-z][A-Za-z0-9]{5}", core, "[A-Za-z0-9]{5}[A-Za-z]")
}

#[test]
fn no_form_of_a_secret_quoted_anywhere_is_shown() {
    let log = capture::install();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (echo, base) = runtime.block_on(echo::serve(|_: &Seen| xml(500, String::new())));
    let config = ProptestConfig {
        cases: std::env::var("SOGEN_QUOTED_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |((head, core, tail) in secret(), place in 0usize..9)| {
        let secret = format!("{head}{core}{tail}");
        let from = log.lock().unwrap().len();
        echo.set(move |seen| quote(place, &seen.ticket()));
        let client = Client::builder(format!("{base}/Remote/Services88/"))
            .ticket(secret.as_str())
            .build()
            .unwrap();
        let shown = runtime.block_on(async {
            match get_count(&client).with_headers().await {
                Ok(r) => format!("{r:?}"),
                Err(e) => format!("{e}\n{e:?}"),
            }
        });
        let all = format!("{shown}\n{}", log_since(&log, from));
        prop_assert!(all.contains("sogen::wire"), "{all}");
        // Quoted, and hidden (the request's own `<Ticket>` is the first; the log's cut may
        // fall inside the mark).
        prop_assert!(all.matches("[redac").count() >= 2, "place {place}: {all}");
        for form in forms(&secret).iter().map(String::as_str).chain([head.as_str(), tail.as_str()]) {
            prop_assert!(!all.contains(form), "place {place}: {form:?} shown:\n{all}");
        }
    });
}
