//! A test NetServer: a real HTTP server on 127.0.0.1 that judges the requests generated
//! agents send and answers the way SuperOffice NetServer (WCF, SOAP 1.1) does.
//!
//! Every request is checked independently of the runtime's own reader (roxmltree): path,
//! `Content-Type`, `SOAPAction`, the envelope, the three request headers inside
//! `soap:Header`, and the body's wrapper element; then the test's [`Script`] checks the
//! values and picks the [`Reply`]. Whatever is wrong is answered with an HTTP 500 SOAP fault
//! whose reason says what (so a wrong request fails the test with a readable message) and is
//! recorded in [`NetServer::problems`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::serve::ListenerExt as _;
use axum::Router;
use roxmltree::{Document, Node};

pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
pub const ARRAYS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
pub const APP_TOKEN: &str = "judge-app-token-5f1e";
pub const TICKET: &str = "7T:JudgeTicket1234==";
pub const TZ_ID: i32 = 3;
pub const TZ_CODE: &str = "NO";

/// The namespace of a NetServer version, e.g. `Services88`.
pub fn ns(version: &str) -> String {
    format!("http://www.superoffice.net/ws/crm/NetServer/{version}")
}

/// One request that passed the generic checks, handed to the test's [`Script`].
pub struct Request<'a, 'input> {
    /// `Services86`, `Services87` or `Services88`.
    pub version: &'a str,
    /// `Chat`, `CustomerService`.
    pub agent: &'a str,
    /// The operation named by the SOAPAction (and by the body's wrapper element).
    pub operation: &'a str,
    /// The body's wrapper element (`<GetChatMessages>`).
    pub wrapper: Node<'a, 'input>,
}

impl Request<'_, '_> {
    /// The version's namespace.
    pub fn ns(&self) -> String {
        ns(self.version)
    }

    /// The child `name` of `node` in the version's namespace; an error naming what is missing.
    pub fn child<'n, 'i>(&self, node: Node<'n, 'i>, name: &str) -> Result<Node<'n, 'i>, String> {
        child_in(node, &self.ns(), name)
    }

    /// The text of the child `name` of the wrapper.
    pub fn arg(&self, name: &str) -> Result<String, String> {
        text(self.child(self.wrapper, name)?)
    }

    /// Asserts the text of the wrapper's child `name`.
    pub fn expect_arg(&self, name: &str, expected: &str) -> Result<(), String> {
        let got = self.arg(name)?;
        if got == expected {
            Ok(())
        } else {
            Err(format!(
                "{}: <{name}> is {got:?}, expected {expected:?}",
                self.operation
            ))
        }
    }
}

/// The child `name` of `node` in namespace `ns`.
pub fn child_in<'n, 'i>(node: Node<'n, 'i>, ns: &str, name: &str) -> Result<Node<'n, 'i>, String> {
    let mut elements = node.children().filter(Node::is_element);
    match elements.find(|c| c.tag_name().name() == name) {
        Some(c) if c.tag_name().namespace() == Some(ns) => Ok(c),
        Some(c) => Err(format!(
            "<{name}> under <{}> is in namespace {:?}, expected {ns:?}",
            node.tag_name().name(),
            c.tag_name().namespace()
        )),
        None => Err(format!(
            "<{}> has no child <{name}>",
            node.tag_name().name()
        )),
    }
}

/// The element children of `node`.
pub fn elements<'n, 'i>(node: Node<'n, 'i>) -> Vec<Node<'n, 'i>> {
    node.children().filter(Node::is_element).collect()
}

/// The text content of a leaf element; an error if it has element children or is nil.
pub fn text(node: Node<'_, '_>) -> Result<String, String> {
    if node.attribute((XSI, "nil")) == Some("true") {
        return Err(format!("<{}> is nil", node.tag_name().name()));
    }
    if node.children().any(|c| c.is_element()) {
        return Err(format!("<{}> has element children", node.tag_name().name()));
    }
    Ok(node.text().unwrap_or("").to_owned())
}

/// What the server answers for a request that passed the checks.
pub enum Reply {
    /// `<OpResponse><Response>inner</Response></OpResponse>` with success headers.
    Response(String),
    /// `<OpResponse/>` with success headers (void operations).
    Void,
    /// An HTTP 500 SOAP 1.1 fault with this code, reason and detail markup.
    Fault {
        code: String,
        reason: String,
        detail: String,
    },
    /// HTTP 200, `Succeeded=false` and an `ExceptionInfo` header with this inner markup.
    Failure(String),
}

/// Checks a request's values and chooses the reply; `Err` describes what was wrong.
pub type Script = Arc<dyn Fn(&Request<'_, '_>) -> Result<Reply, String> + Send + Sync>;

/// What every request must carry in its `soap:Header`.
#[derive(Clone)]
pub struct ExpectedHeaders {
    pub application_token: Option<String>,
    pub ticket: Option<String>,
    pub time_zone: Option<(i32, String)>,
}

impl Default for ExpectedHeaders {
    fn default() -> Self {
        Self {
            application_token: Some(APP_TOKEN.into()),
            ticket: Some(TICKET.into()),
            time_zone: Some((TZ_ID, TZ_CODE.into())),
        }
    }
}

struct Shared {
    script: Script,
    headers: ExpectedHeaders,
    problems: Mutex<Vec<String>>,
    requests: AtomicUsize,
}

/// A running test NetServer; stops when dropped (and with the test's runtime in any case).
pub struct NetServer {
    addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    accepted: Arc<AtomicUsize>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl NetServer {
    /// Starts a server on an ephemeral 127.0.0.1 port expecting the default headers.
    pub async fn start(
        script: impl Fn(&Request<'_, '_>) -> Result<Reply, String> + Send + Sync + 'static,
    ) -> Self {
        Self::start_expecting(ExpectedHeaders::default(), Arc::new(script)).await
    }

    /// Starts a server expecting `headers` on every request.
    pub async fn start_expecting(headers: ExpectedHeaders, script: Script) -> Self {
        let shared = Arc::new(Shared {
            script,
            headers,
            problems: Mutex::default(),
            requests: AtomicUsize::new(0),
        });
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let listener = listener.tap_io(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let app = Router::new()
            .route("/Cust12345/Remote/{version}/{service}", post(handle))
            .with_state(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Self {
            addr,
            shared,
            accepted,
            shutdown: Some(tx),
        }
    }

    /// The base URL of `version`, as a user configures it: `http://127.0.0.1:PORT/Cust12345/Remote/Services88/`.
    pub fn base_url(&self, version: &str) -> String {
        format!("http://{}/Cust12345/Remote/{version}/", self.addr)
    }

    /// A client for `version` configured as the server expects by default
    /// (application token, ticket and time zone set).
    pub fn client(&self, version: &str) -> sogen_runtime::Client {
        sogen_runtime::Client::builder(self.base_url(version))
            .application_token(APP_TOKEN)
            .ticket(TICKET)
            .time_zone(sogen_runtime::TimeZone {
                id: TZ_ID,
                location_code: Some(TZ_CODE.into()),
            })
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("client")
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// Requests handled so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Every check that failed so far.
    pub fn problems(&self) -> Vec<String> {
        self.shared.problems.lock().unwrap().clone()
    }
}

impl Drop for NetServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((version, service)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    match judge(&shared, &version, &service, &headers, &body) {
        Ok((operation, reply)) => answer(&version, &operation, reply),
        Err(problem) => {
            shared.problems.lock().unwrap().push(problem.clone());
            let fault = Reply::Fault {
                code: "s:Client".into(),
                reason: format!("NetServer judge: {problem}"),
                detail: String::new(),
            };
            answer(&version, "Unknown", fault)
        }
    }
}

/// The generic checks, then the script; returns the operation and the reply.
fn judge(
    shared: &Shared,
    version: &str,
    service: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(String, Reply), String> {
    if !matches!(
        version,
        "Services86" | "Services87" | "Services88" | "Services99"
    ) {
        return Err(format!("unknown version {version:?} in the path"));
    }
    let agent = service
        .strip_suffix(".svc")
        .ok_or_else(|| format!("path ends in {service:?}, expected <Agent>.svc"))?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match header("content-type") {
        Some("text/xml; charset=utf-8") => {}
        other => {
            return Err(format!(
                "Content-Type is {other:?}, expected \"text/xml; charset=utf-8\" (SOAP 1.1)"
            ))
        }
    }
    let namespace = ns(version);
    let action = header("soapaction").ok_or("no SOAPAction header")?;
    let prefix = format!("\"{namespace}/{agent}/");
    let operation = action
        .strip_prefix(&prefix)
        .and_then(|a| a.strip_suffix('"'))
        .filter(|op| !op.is_empty() && !op.contains('/'))
        .ok_or_else(|| {
            format!(
                "SOAPAction is {action:?}, expected \"{namespace}/{agent}/<Operation>\" in quotes"
            )
        })?;

    let text = std::str::from_utf8(body).map_err(|e| format!("body is not UTF-8: {e}"))?;
    let doc = Document::parse(text).map_err(|e| format!("body is not well-formed XML: {e}"))?;
    let envelope = doc.root_element();
    if !envelope.has_tag_name((SOAP11, "Envelope")) {
        return Err(format!(
            "root element is {:?}, expected a SOAP 1.1 Envelope",
            envelope.tag_name()
        ));
    }
    let parts = elements(envelope);
    let (soap_header, soap_body) = match parts.as_slice() {
        [h, b] if h.has_tag_name((SOAP11, "Header")) && b.has_tag_name((SOAP11, "Body")) => {
            (Some(*h), *b)
        }
        [b] if b.has_tag_name((SOAP11, "Body")) => (None, *b),
        _ => return Err("Envelope must hold an optional Header then a Body".into()),
    };
    check_headers(&shared.headers, &namespace, soap_header)?;

    let wrapper = match elements(soap_body).as_slice() {
        [w] => *w,
        other => return Err(format!("Body holds {} elements, expected 1", other.len())),
    };
    if !wrapper.has_tag_name((namespace.as_str(), operation)) {
        return Err(format!(
            "the body's element is {:?}, expected <{operation}> in {namespace}",
            wrapper.tag_name()
        ));
    }
    let request = Request {
        version,
        agent,
        operation,
        wrapper,
    };
    let reply = (shared.script)(&request)?;
    Ok((operation.to_owned(), reply))
}

/// ApplicationToken, Credentials/Ticket and TimeZone: each present exactly when expected.
fn check_headers(
    expected: &ExpectedHeaders,
    ns: &str,
    header: Option<Node<'_, '_>>,
) -> Result<(), String> {
    let found = header.map(elements).unwrap_or_default();
    for h in &found {
        let known = ["ApplicationToken", "Credentials", "TimeZone"];
        if h.tag_name().namespace() != Some(ns) || !known.contains(&h.tag_name().name()) {
            return Err(format!("unexpected request header {:?}", h.tag_name()));
        }
    }
    let find = |name: &str| found.iter().find(|h| h.tag_name().name() == name).copied();
    match (find("ApplicationToken"), &expected.application_token) {
        (None, None) => {}
        (Some(h), Some(token)) if text(h)? == *token => {}
        (Some(_), Some(_)) => return Err("ApplicationToken header has the wrong value".into()),
        (h, _) => {
            return Err(format!(
                "ApplicationToken header present: {}, expected: {}",
                h.is_some(),
                h.is_none()
            ))
        }
    }
    match (find("Credentials"), &expected.ticket) {
        (None, None) => {}
        (Some(h), Some(ticket)) => {
            if text(child_in(h, ns, "Ticket")?)? != *ticket {
                return Err("Credentials/Ticket header has the wrong value".into());
            }
        }
        (h, _) => {
            return Err(format!(
                "Credentials header present: {}, expected: {}",
                h.is_some(),
                h.is_none()
            ))
        }
    }
    match (find("TimeZone"), &expected.time_zone) {
        (None, None) => {}
        (Some(h), Some((id, code))) => {
            let got_id = text(child_in(h, ns, "SoTimeZoneId")?)?;
            let got_code = text(child_in(h, ns, "SoTimeZoneLocationCode")?)?;
            if got_id != id.to_string() || got_code != *code {
                return Err(format!(
                    "TimeZone header is ({got_id}, {got_code}), expected ({id}, {code})"
                ));
            }
        }
        (h, _) => {
            return Err(format!(
                "TimeZone header present: {}, expected: {}",
                h.is_some(),
                h.is_none()
            ))
        }
    }
    Ok(())
}

/// Response headers as WCF writes them for a NetServer message contract (prefix `h`).
fn response_headers(ns: &str, succeeded: bool, exception: Option<&str>) -> String {
    let exception = match exception {
        None => format!(r#"<h:ExceptionInfo i:nil="true" xmlns:h="{ns}" xmlns:i="{XSI}"/>"#),
        Some(inner) => format!(
            r#"<h:ExceptionInfo xmlns:h="{ns}" xmlns="{ns}" xmlns:i="{XSI}">{inner}</h:ExceptionInfo>"#
        ),
    };
    let extra = if succeeded {
        format!(
            r#"<h:ExtraInfo xmlns:h="{ns}" xmlns="{ns}" xmlns:i="{XSI}"><ExtraInfoNameValuePair><Key>judge</Key><Value>netserver</Value></ExtraInfoNameValuePair></h:ExtraInfo>"#
        )
    } else {
        format!(r#"<h:ExtraInfo i:nil="true" xmlns:h="{ns}" xmlns:i="{XSI}"/>"#)
    };
    format!(
        r#"{exception}{extra}<h:Succeeded xmlns:h="{ns}">{succeeded}</h:Succeeded><h:TimeZone xmlns:h="{ns}" xmlns="{ns}" xmlns:i="{XSI}"><SoTimeZoneId>{TZ_ID}</SoTimeZoneId><SoTimeZoneLocationCode>{TZ_CODE}</SoTimeZoneLocationCode></h:TimeZone>"#
    )
}

fn answer(version: &str, operation: &str, reply: Reply) -> Response {
    let ns = ns(version);
    let (status, header, body) = match reply {
        Reply::Response(inner) => (
            StatusCode::OK,
            response_headers(&ns, true, None),
            format!(
                r#"<{operation}Response xmlns="{ns}"><Response xmlns:i="{XSI}">{inner}</Response></{operation}Response>"#
            ),
        ),
        Reply::Void => (
            StatusCode::OK,
            response_headers(&ns, true, None),
            format!(r#"<{operation}Response xmlns="{ns}"/>"#),
        ),
        Reply::Failure(inner) => (
            StatusCode::OK,
            response_headers(&ns, false, Some(&inner)),
            format!(
                r#"<{operation}Response xmlns="{ns}"><Response i:nil="true" xmlns:i="{XSI}"/></{operation}Response>"#
            ),
        ),
        Reply::Fault {
            code,
            reason,
            detail,
        } => (
            StatusCode::INTERNAL_SERVER_ERROR,
            String::new(),
            format!(
                r#"<s:Fault><faultcode>{code}</faultcode><faultstring xml:lang="en-US">{}</faultstring>{}</s:Fault>"#,
                escape(&reason),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!("<detail>{detail}</detail>")
                }
            ),
        ),
    };
    let header = if header.is_empty() {
        String::new()
    } else {
        format!("<s:Header>{header}</s:Header>")
    };
    let envelope =
        format!(r#"<s:Envelope xmlns:s="{SOAP11}">{header}<s:Body>{body}</s:Body></s:Envelope>"#);
    (
        status,
        [("content-type", "text/xml; charset=utf-8")],
        envelope,
    )
        .into_response()
}

/// XML-escapes text for the replies the scripts build.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
