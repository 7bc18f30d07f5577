//! The wire a call goes over, as one piece: every difference between NetServer's SOAP
//! services and its REST Agents API is here, one place each; what the wires share (the
//! connection cap, the time budget, retries, per-call options, the redirect rule, secret
//! redaction, the wire log, sessions) is in `call/` and works the same for both.
//!
//! | difference | SOAP | REST | where |
//! |---|---|---|---|
//! | endpoint | `{base}Chat.svc`, `{site}/Remote/Services88/Chat.svc` | `{site}/api/v1/Agents/Chat/GetChatMessages` | `endpoint.rs` |
//! | request | the envelope around the body element | the JSON body, the query (`$select` too) | [`outgoing`] |
//! | authentication | `Credentials/Ticket` and `ApplicationToken` in the envelope | `Authorization: SOTicket` / `Bearer` / `Basic`, `SO-AppToken` | `headers.rs` |
//! | time zone, language | the `TimeZone` header; `Accept-Language`, `SO-Language`, `SO-Culture` | `SO-TimeZone`; the same three | `headers.rs` |
//! | response and errors | `soap::read_response` (value, fault, `ExceptionInfo`) | `rest.rs` (value, `null`, 204, the error objects) | [`Reader`] |
//! | wire log | secret elements hidden | secret members hidden | `log.rs`, `redact` |

mod endpoint;
mod headers;
pub(crate) mod log;
#[cfg(feature = "rest")]
mod rest;

use crate::call::{JsonDecodeFn, JsonRequest};
use crate::client::{Client, OperationInfo};
use crate::soap::{DecodeFn, TimeZone};
use crate::{Error, Secret};

pub(crate) use endpoint::{site_path, Endpoint};
#[cfg(all(feature = "server", feature = "rest"))]
pub(crate) use headers::parse_time_zone;
pub use headers::AuthScheme;
pub(crate) use headers::Credential;

/// Which wire a client speaks: NetServer's SOAP services (`/Remote/ServicesNN/X.svc`) or
/// its REST Agents API (`/api/v1/Agents/X/Op`, JSON). The generated agents, types,
/// methods and errors are the same on both: moving an integration is
/// `.wire(Wire::Rest)` on its `Client` or `Session` (see the README's "Two wires").
///
/// # The REST wire, and where its rules come from
///
/// - **Route**: `POST {site}/api/v1/Agents/{Agent}/{Operation}` (SuperOffice's Agents
///   WebAPI page). A fixed client's SOAP base URL `.../Remote/Services88/` names the site
///   (`.../api/v1/`); a base ending in `/api/v1/` is taken as it is; another base is the
///   site. Only `v1` exists; it serves the current version's agents.
/// - **Request**: parameters as a JSON object of the WSDL's element names (PascalCase, as
///   the reference pages show), one carrier or list posted bare, or one id as a query
///   parameter, per operation as SuperOffice's generated TypeScript client
///   `@superoffice/webapi` 12.4 sends it (the generator's table); query values
///   form-encoded; `Content-Type` and `Accept: application/json`.
/// - **Authentication** ([`AuthScheme`]): `Authorization: SOTicket <ticket>`, `Bearer
///   <access token>` (Online), `Basic` (onsite, only when asked for), and `SO-AppToken`
///   (the authentication pages' table of header types). A password still gets its ticket
///   from `SoPrincipal`: the Agents API has no login operation.
/// - **Locale**: `SO-TimeZone` (the zone's location code, else its id), `Accept-Language`
///   and `SO-Language` together (as the TypeScript client sets them), `SO-Culture` (the
///   HTTP headers page); `$select` from [`Call::select`](crate::Call::select) (every
///   reference page); on SOAP, `$select` has no equivalent and the whole value comes back.
/// - **Errors**: SuperOffice's error object (its REST errors page and the TypeScript
///   client's tests) is [`Error::SuperOffice`](crate::Error::SuperOffice); ASP.NET's
///   `HttpError` is [`Error::Fault`](crate::Error::Fault); 401 an authentication error, as
///   the .NET client `SuperOffice.WebApi` treats "access denied" (renew, repeat once).
/// - **Versions**: an older version's operation the current API no longer has fails before
///   any request (the generator marks it); every other operation is called by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Wire {
    /// SOAP envelopes (the default).
    #[default]
    Soap,
    /// JSON over the REST Agents API (needs the `rest` feature and agents generated with
    /// the REST codec, `Builder::wire`).
    Rest,
}

impl Wire {
    /// `"SOAP"` or `"REST"`.
    pub fn name(self) -> &'static str {
        match self {
            Wire::Soap => "SOAP",
            Wire::Rest => "REST",
        }
    }
}

/// A call's request, written once for its wire; each attempt sends it with what is
/// current then (the envelope's ticket, the headers).
pub(crate) enum Payload {
    /// The SOAP request element.
    Soap(Vec<u8>),
    /// The REST body and query.
    Rest(JsonRequest),
}

/// How a call's response is read.
pub(crate) enum Reader<T> {
    Soap(DecodeFn<T>),
    Rest(JsonDecodeFn<T>),
}

impl<T> Clone for Reader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Reader<T> {}

/// What a body is, for the wire log and the excerpts of errors (which rule finds the
/// secrets it names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xml,
    Json,
}

/// What a call sets of its own beside its client's settings: the time zone, language and
/// culture, and the REST wire's `$select`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Locale {
    pub(crate) time_zone: Option<TimeZone>,
    pub(crate) language: Option<String>,
    pub(crate) culture: Option<String>,
    /// `$select` (REST only: a SOAP call returns the whole value).
    pub(crate) select: Option<String>,
}

impl Locale {
    /// Checks the call's values as header values (no line breaks).
    pub(crate) fn check(&self) -> Result<(), Error> {
        let code = self
            .time_zone
            .as_ref()
            .and_then(|t| t.location_code.clone());
        let values = [
            ("SO-TimeZone", code),
            ("SO-Language", self.language.clone()),
            ("SO-Culture", self.culture.clone()),
        ];
        for (name, value) in values {
            if let Some(v) = value {
                crate::client::check_header(name, &Secret::new(v))?;
            }
        }
        Ok(())
    }
}

/// One attempt as the wire writes it.
pub(crate) struct Outgoing {
    pub(crate) url: String,
    /// The wire's headers (content type, action, authentication, locale); the client's
    /// and the call's own headers replace those of the same name.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// What this attempt sends that is secret besides the client's settings: the
    /// credential in every form it travels in.
    pub(crate) secrets: Vec<Secret>,
    pub(crate) format: Format,
}

/// Writes one attempt of `op` with `payload` to `endpoint`, with `credential` (the
/// ticket, or on REST a bearer token or user name and password) and the call's `locale`
/// over the client's settings.
pub(crate) fn outgoing(
    client: &Client,
    op: &OperationInfo,
    endpoint: &Endpoint<'_>,
    credential: Option<&Credential>,
    payload: &Payload,
    locale: &Locale,
) -> Result<Outgoing, Error> {
    let shared = &client.inner.shared;
    let settings = headers::Settings::of(shared, locale);
    let secrets = credential.map(Credential::forms).unwrap_or_default();
    match payload {
        Payload::Soap(body) => {
            let ticket = match credential {
                Some(c) if c.scheme != AuthScheme::SoTicket => {
                    return Err(Error::Config(format!(
                        "{}.{}: a {} credential cannot be sent over SOAP, whose services take \
                         a ticket (Credentials header)",
                        op.agent,
                        op.name,
                        c.scheme.name()
                    )))
                }
                c => c.map(|c| &c.value),
            };
            let mut headers = op.soap.http_headers(op.action);
            headers.extend(settings.soap_headers());
            Ok(Outgoing {
                url: endpoint.soap_url(op),
                headers,
                body: client.envelope(op, ticket, settings.time_zone, body),
                secrets,
                format: Format::Xml,
            })
        }
        Payload::Rest(request) => Ok(Outgoing {
            url: endpoint.rest_url(op, &request.query, locale.select.as_deref()),
            headers: settings.rest_headers(credential, request.body.is_some()),
            body: request.body.clone().unwrap_or_default(),
            secrets,
            format: Format::Json,
        }),
    }
}

/// Reads `body` of a response with `reader`: the value and the SOAP response headers
/// (none over REST), or the typed error; the texts errors quote have `redactor`'s secrets
/// hidden first.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read<T>(
    reader: Reader<T>,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: crate::Limits,
    url: &str,
    deadline: Option<std::time::Instant>,
    redactor: &crate::redact::Redactor,
) -> Result<(T, crate::ResponseHeaders), Error> {
    match reader {
        Reader::Soap(decode) => crate::soap::read_response(
            status,
            content_type,
            body,
            limits,
            url,
            deadline,
            decode,
            redactor,
        ),
        #[cfg(feature = "rest")]
        Reader::Rest(decode) => rest::read_response(
            status,
            content_type,
            body,
            &limits,
            url,
            deadline,
            decode,
            redactor,
        )
        .map(|v| (v, crate::ResponseHeaders::default())),
        #[cfg(not(feature = "rest"))]
        Reader::Rest(decode) => Err(Error::Config({
            let _ = decode;
            "the REST wire needs sogen-runtime's `rest` feature".into()
        })),
    }
}

/// The start of a body an error quotes (`Error::Http`) as text: `redactor`'s secrets
/// hidden (and in JSON, the values of secret members), then tags dropped, whitespace
/// collapsed, and at most 200 characters (`...` when cut).
pub(crate) fn excerpt(body: &[u8], format: Format, redactor: &crate::redact::Redactor) -> String {
    const WINDOW: usize = 64 * 1024;
    let window = &body[..body.len().min(WINDOW)];
    let text = String::from_utf8_lossy(window);
    // The window may end inside a secret: its beginning is hidden too.
    let text = if window.len() < body.len() {
        redactor.redact_cut(&text)
    } else {
        redactor.redact(&text)
    };
    let text = match format {
        #[cfg(feature = "rest")]
        Format::Json => std::borrow::Cow::Owned(crate::redact::redact_json(&text, &[])),
        _ => text,
    };
    let mut out = String::new();
    let mut in_tag = false;
    let mut space = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                space = true;
            }
            _ if in_tag => {}
            c if c.is_whitespace() => space = true,
            c => {
                if out.chars().count() >= 200 {
                    out.push_str("...");
                    break;
                }
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}
