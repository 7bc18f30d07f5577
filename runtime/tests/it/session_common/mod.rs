//! A NetServer stand-in for the session tests: a real HTTP server on 127.0.0.1 that logs
//! users in through `SoPrincipal` (user name and password, access token) of any version,
//! answers `Chat.GetCount` with the number of calls it accepted, and refuses expired
//! tickets the way NetServer does (an `ExceptionInfo` naming `SoSessionException`, with
//! `Succeeded=false`). Its REST side (`{prefix}/api/v1/Agents/Chat/GetCount`) takes
//! `Authorization: SOTicket`, `Bearer` (the access token) and `Basic` (the user name and
//! password), answers the count as JSON, and refuses other credentials with 401 and
//! ASP.NET's error object, as the Agents API does. Told to, it answers with a redirect
//! (any status, any `Location`) instead, on either side.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use sogen_runtime::json::decode_json;
use sogen_runtime::{
    decode_response, Body, Call, Client, DeclaredHeaders, Decoders, OperationInfo, SoapVersion,
};

/// Not a secret: what the wire log hides is the text of the `UserName` element only.
pub const USER: &str = "jdoe";
pub const PASSWORD: &str = "pw-Sekr1t-9f3";
pub const ACCESS_TOKEN: &str = "8A:Cust12345.AccessTokenSecret77";
pub const APP_TOKEN: &str = "app-token-c0ffee";

pub fn ns(version: &str) -> String {
    format!("http://www.superoffice.net/ws/crm/NetServer/{version}")
}

pub static GET_COUNT_88: OperationInfo = OperationInfo {
    agent: "Chat",
    service_path: "Chat.svc",
    name: "GetCount",
    action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetCount",
    soap: SoapVersion::Soap11,
    namespace: "http://www.superoffice.net/ws/crm/NetServer/Services88",
    headers: DeclaredHeaders::ALL,
};

pub static GET_COUNT_87: OperationInfo = OperationInfo {
    agent: "Chat",
    service_path: "Chat.svc",
    name: "GetCount",
    action: "http://www.superoffice.net/ws/crm/NetServer/Services87/Chat/GetCount",
    soap: SoapVersion::Soap11,
    namespace: "http://www.superoffice.net/ws/crm/NetServer/Services87",
    headers: DeclaredHeaders::ALL,
};

/// `Chat.GetCount` of `op`'s version, through `client`, on its wire (as generated agents
/// call: both wires' readers, the SOAP body written when it is the wire; no REST body).
pub fn get_count(client: &Client, op: &'static OperationInfo) -> Call<i32> {
    client.call_wire(
        op,
        |b| {
            if let Body::Xml(w) = b {
                w.empty(op.namespace, "GetCount")
            }
        },
        Decoders::both(decode_response::<i32>, decode_json::<i32>),
    )
}

/// What the stand-in knows and saw.
#[derive(Default)]
pub struct NetServer {
    /// Tickets it accepts.
    pub valid: Mutex<BTreeSet<String>>,
    /// The password it accepts (changed to make the credentials fail for good).
    pub password: Mutex<String>,
    /// Logins (successful or not), per (version, operation).
    pub logins: Mutex<Vec<(String, String)>>,
    /// Calls accepted.
    pub accepted: AtomicUsize,
    /// Calls refused for their ticket.
    pub refused: AtomicUsize,
    /// Every request body and headers, for secret checks.
    pub seen: Mutex<Vec<String>>,
    /// How long a login takes (to make calls pile up behind one).
    pub login_delay: Mutex<Duration>,
    /// How refused logins are answered: `AuthenticationSucceeded=false` or ExceptionInfo.
    pub reject_with_exception: Mutex<bool>,
    /// Answer every request `421 Misdirected Request` (the tenant moved away).
    pub misdirected: std::sync::atomic::AtomicBool,
    /// Answer every request `503 Service Unavailable` (a suspended tenant, an outage).
    pub unavailable: std::sync::atomic::AtomicBool,
    /// HTTP statuses to answer the next logins with, in turn, before any is judged (a
    /// login service that blips: 503 from a restarting pool, 502 from a proxy).
    pub login_blips: Mutex<std::collections::VecDeque<u16>>,
    /// Logins answered with a blip.
    pub blipped: AtomicUsize,
    /// Whether the access token is refused over REST (it "expired").
    pub bearer_expired: std::sync::atomic::AtomicBool,
    /// REST calls: (the path and query, the `Authorization` scheme) of each.
    pub rest_calls: Mutex<Vec<(String, String)>>,
    /// Answer every request (SOAP and REST, logins too) with this redirect status and
    /// `Location`, except a redirect's own target: a request whose query has `redirected`.
    pub redirect: Mutex<Option<(u16, String)>>,
    next_ticket: AtomicUsize,
}

impl NetServer {
    pub fn new() -> Arc<NetServer> {
        let server = NetServer::default();
        *server.password.lock().unwrap() = PASSWORD.to_owned();
        Arc::new(server)
    }

    /// Makes every ticket issued so far invalid (they "expire").
    pub fn expire_tickets(&self) {
        self.valid.lock().unwrap().clear();
    }

    pub fn login_count(&self) -> usize {
        self.logins.lock().unwrap().len()
    }

    /// The redirect to answer a request for `uri` with, if any.
    fn redirect_for(&self, uri: &axum::http::Uri) -> Option<Response> {
        if uri.query().is_some_and(|q| q.contains("redirected")) {
            return None;
        }
        let (status, location) = self.redirect.lock().unwrap().clone()?;
        let status = StatusCode::from_u16(status).unwrap();
        Some((status, [("location", location)]).into_response())
    }

    fn issue(&self) -> String {
        let n = self.next_ticket.fetch_add(1, Ordering::SeqCst);
        let ticket = format!("7T:Ticket{n}Secret==");
        self.valid.lock().unwrap().insert(ticket.clone());
        ticket
    }
}

fn envelope(ns: &str, headers: &str, body: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>{headers}</s:Header><s:Body>{body}</s:Body></s:Envelope>"#
    )
    .replace("{ns}", ns)
}

fn xml(status: StatusCode, body: String) -> Response {
    (status, [("content-type", "text/xml; charset=utf-8")], body).into_response()
}

/// The text of the first `<name>` element of `body` (no nesting needed here).
pub fn text_of(body: &str, name: &str) -> Option<String> {
    let open = body.find(&format!("<{name}"))?;
    let start = open + body[open..].find('>')? + 1;
    if body[open..start].ends_with("/>") {
        return Some(String::new());
    }
    let end = start + body[start..].find(&format!("</{name}>"))?;
    Some(body[start..end].to_owned())
}

async fn handle(
    State(server): State<Arc<NetServer>>,
    Path((version, service)): Path<(String, String)>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    let action = headers
        .get("soapaction")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim_matches('"')
        .to_owned();
    server
        .seen
        .lock()
        .unwrap()
        .push(format!("{version}/{service}\n{headers:?}\n{body}"));
    if let Some(redirect) = server.redirect_for(&uri) {
        return redirect;
    }
    if server.misdirected.load(Ordering::SeqCst) {
        server.refused.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong subdomain used to access tenant",
        )
            .into_response();
    }
    if server.unavailable.load(Ordering::SeqCst) {
        server.refused.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response();
    }
    let ns = ns(&version);
    let operation = action.rsplit('/').next().unwrap_or("").to_owned();
    let blip = (service == "SoPrincipal.svc")
        .then(|| server.login_blips.lock().unwrap().pop_front())
        .flatten();
    if let Some(status) = blip {
        server.blipped.fetch_add(1, Ordering::SeqCst);
        let status = StatusCode::from_u16(status).unwrap();
        return (status, [("retry-after", "0")], "the pool is restarting").into_response();
    }
    if service == "SoPrincipal.svc" {
        return login(&server, &version, &ns, &operation, &body).await;
    }
    let ticket = text_of(&body, "Ticket").unwrap_or_default();
    if !server.valid.lock().unwrap().contains(&ticket) {
        server.refused.fetch_add(1, Ordering::SeqCst);
        let exception = r#"<ExceptionInfo xmlns="{ns}"><Message>Authentication failed!</Message><StackTrace/><FriendlyText>Please log in again</FriendlyText><ExceptionType>SoSessionException</ExceptionType><Source>SoCore</Source></ExceptionInfo><Succeeded xmlns="{ns}">false</Succeeded>"#;
        return xml(
            StatusCode::OK,
            envelope(&ns, exception, r#"<GetCountResponse xmlns="{ns}"/>"#),
        );
    }
    let n = server.accepted.fetch_add(1, Ordering::SeqCst) + 1;
    xml(
        StatusCode::OK,
        envelope(
            &ns,
            r#"<Succeeded xmlns="{ns}">true</Succeeded>"#,
            &format!(
                r#"<GetCountResponse xmlns="{{ns}}"><Response>{n}</Response></GetCountResponse>"#
            ),
        ),
    )
}

async fn login(
    server: &NetServer,
    version: &str,
    ns: &str,
    operation: &str,
    body: &str,
) -> Response {
    server
        .logins
        .lock()
        .unwrap()
        .push((version.to_owned(), operation.to_owned()));
    let delay = *server.login_delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    let app_token_ok = text_of(body, "ApplicationToken").as_deref() == Some(APP_TOKEN);
    let no_ticket_sent = text_of(body, "Credentials").is_none();
    let accepted = app_token_ok
        && no_ticket_sent
        && match operation {
            "AuthenticateUsernamePassword" => {
                text_of(body, "UserName").as_deref() == Some(USER)
                    && text_of(body, "Password").as_deref()
                        == Some(server.password.lock().unwrap().as_str())
            }
            "AuthenticateWithAccessToken" => {
                text_of(body, "AccessToken").as_deref() == Some(ACCESS_TOKEN)
            }
            _ => false,
        };
    if accepted {
        let ticket = server.issue();
        let response = format!(
            r#"<AuthenticateResponse xmlns="{{ns}}"><Response><UserType>InternalAssociate</UserType><Associate>JANE.DOE</Associate><AssociateId>5</AssociateId><PersonId>12</PersonId><ContactId>2</ContactId><GroupId>3</GroupId><RoleName>Sales</RoleName><FullName>Jane Doe</FullName><EMailAddress>jane@example.com</EMailAddress><FunctionRights xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:string>allow-export</a:string></FunctionRights><DatabaseContextIdentifier>Cust12345</DatabaseContextIdentifier></Response><Credentials><Ticket>{ticket}</Ticket></Credentials><AuthenticationSucceeded>true</AuthenticationSucceeded></AuthenticateResponse>"#
        );
        return xml(StatusCode::OK, envelope(ns, "", &response));
    }
    if *server.reject_with_exception.lock().unwrap() {
        // A server that quotes what it was sent: the client must not pass it on.
        let password = text_of(body, "Password").unwrap_or_default();
        let exception = format!(
            r#"<ExceptionInfo xmlns="{{ns}}"><Message>Wrong password {password} for {USER}@example.com</Message><ExceptionType>SoAuthenticationException</ExceptionType></ExceptionInfo><Succeeded xmlns="{{ns}}">false</Succeeded>"#
        );
        return xml(
            StatusCode::OK,
            envelope(ns, &exception, r#"<AuthenticateResponse xmlns="{ns}"/>"#),
        );
    }
    let response = r#"<AuthenticateResponse xmlns="{ns}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/><Credentials xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/><AuthenticationSucceeded>false</AuthenticationSucceeded></AuthenticateResponse>"#;
    xml(StatusCode::OK, envelope(ns, "", response))
}

/// A REST call of `Chat.GetCount`: the credentials judged, the count as JSON.
async fn rest(
    State(server): State<Arc<NetServer>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let (scheme, value) = authorization.split_once(' ').unwrap_or(("", ""));
    server.seen.lock().unwrap().push(format!(
        "{uri}\n{headers:?}\n{}",
        String::from_utf8_lossy(&body)
    ));
    server
        .rest_calls
        .lock()
        .unwrap()
        .push((uri.to_string(), scheme.to_owned()));
    if let Some(redirect) = server.redirect_for(&uri) {
        return redirect;
    }
    if server.misdirected.load(Ordering::SeqCst) {
        server.refused.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong subdomain used to access tenant",
        )
            .into_response();
    }
    if server.unavailable.load(Ordering::SeqCst) {
        server.refused.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response();
    }
    let basic = format!("{USER}:{}", server.password.lock().unwrap());
    let accepted = match scheme.to_ascii_lowercase().as_str() {
        "soticket" => server.valid.lock().unwrap().contains(value),
        "bearer" => value == ACCESS_TOKEN && !server.bearer_expired.load(Ordering::SeqCst),
        "basic" => {
            use base64::Engine as _;
            let decoded = base64::engine::general_purpose::STANDARD.decode(value);
            decoded.is_ok_and(|d| d == basic.as_bytes())
        }
        _ => false,
    };
    if !accepted {
        server.refused.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::UNAUTHORIZED,
            [("content-type", "application/json; charset=utf-8")],
            r#"{"Message":"Authorization has been denied for this request."}"#,
        )
            .into_response();
    }
    let n = server.accepted.fetch_add(1, Ordering::SeqCst) + 1;
    (
        StatusCode::OK,
        [("content-type", "application/json; charset=utf-8")],
        n.to_string(),
    )
        .into_response()
}

/// Serves `server` on 127.0.0.1 under `prefix` (such as `/Cust12345`); returns the site
/// URL, the URL before `/Remote/` and `/api/`.
pub async fn serve(server: Arc<NetServer>, prefix: &str) -> String {
    let app = Router::new()
        .route(
            &format!("{prefix}/Remote/{{version}}/{{service}}"),
            post(handle),
        )
        .route(&format!("{prefix}/api/v1/Agents/Chat/GetCount"), post(rest))
        .with_state(server);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}{prefix}")
}
