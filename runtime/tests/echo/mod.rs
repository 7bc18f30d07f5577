//! A server on 127.0.0.1 that quotes back what it was sent: every POST is answered by a
//! closure that sees the request (its ticket, application token and login parameters,
//! unescaped), and escaping helpers for the forms servers quote in. For the tests that no
//! secret a server quotes reaches an error, a `Debug` or a log event.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What the server saw of one request.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub path: String,
    pub body: String,
    pub headers: HeaderMap,
}

impl Seen {
    /// The unescaped text of the first `<name>` element of the body.
    pub fn text(&self, name: &str) -> String {
        let body = &self.body;
        let Some(open) = body.find(&format!("<{name}")) else {
            return String::new();
        };
        let Some(gt) = body[open..].find('>') else {
            return String::new();
        };
        let start = open + gt + 1;
        if body[open..start].ends_with("/>") {
            return String::new();
        }
        let end = body[start..]
            .find(&format!("</{name}>"))
            .map_or(body.len(), |e| start + e);
        unescape(&body[start..end])
    }

    pub fn ticket(&self) -> String {
        self.text("Ticket")
    }

    pub fn application_token(&self) -> String {
        self.text("ApplicationToken")
    }

    pub fn header(&self, name: &str) -> String {
        (self.headers.get(name))
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

pub type Responder = Box<dyn Fn(&Seen) -> Response + Send + Sync>;

/// The server: its answer can be changed between calls.
pub struct Echo {
    respond: Mutex<Responder>,
    pub seen: Mutex<Vec<Seen>>,
}

impl Echo {
    pub fn set(&self, respond: impl Fn(&Seen) -> Response + Send + Sync + 'static) {
        *self.respond.lock().unwrap() = Box::new(respond);
    }
}

/// Serves on 127.0.0.1; returns the server and its base URL (`http://127.0.0.1:PORT`).
pub async fn serve(
    respond: impl Fn(&Seen) -> Response + Send + Sync + 'static,
) -> (Arc<Echo>, String) {
    let echo = Arc::new(Echo {
        respond: Mutex::new(Box::new(respond)),
        seen: Mutex::new(Vec::new()),
    });
    let state = echo.clone();
    let app = Router::new().fallback(
        move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
            let echo = state.clone();
            async move {
                let seen = Seen {
                    path: uri.path().to_owned(),
                    body: String::from_utf8_lossy(&body).into_owned(),
                    headers,
                };
                echo.seen.lock().unwrap().push(seen.clone());
                let respond = echo.respond.lock().unwrap();
                respond(&seen)
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (echo, format!("http://{addr}"))
}

/// A SOAP 1.1 envelope around `headers` and `body`.
pub fn envelope(headers: &str, body: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>{headers}</s:Header><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

pub fn xml(status: u16, body: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A SOAP fault with `reason` (already escaped) and `detail` (XML).
pub fn fault(reason: &str, detail: &str) -> Response {
    xml(
        500,
        envelope(
            "",
            &format!(
                "<s:Fault><faultcode>s:Client</faultcode><faultstring>{reason}</faultstring><detail>{detail}</detail></s:Fault>"
            ),
        ),
    )
}

/// Text as WCF writes it: `&`, `<`, `>` escaped, quotes not.
pub fn wcf(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// All five predefined entities.
pub fn xml_full(s: &str) -> String {
    wcf(s).replace('"', "&quot;").replace('\'', "&apos;")
}

/// Every character a numeric reference, alternately decimal and hex.
pub fn xml_numeric(s: &str) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                format!("&#{};", c as u32)
            } else {
                format!("&#x{:X};", c as u32)
            }
        })
        .collect()
}

/// A JSON string's content, ASCII only (what fits an HTTP header): `\"`, `\\`, `\uXXXX`.
pub fn json_ascii(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out
}

/// The text of XML character data: the five entities and numeric references resolved.
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let name = &after[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&after[..=semi]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// The forms of `secret` a reader might find: as written, escaped as XML (WCF's way, fully,
/// numerically) and as JSON.
pub fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![
        secret.to_owned(),
        wcf(secret),
        xml_full(secret),
        xml_numeric(secret),
        json_ascii(secret),
    ];
    forms.sort();
    forms.dedup();
    forms
}
