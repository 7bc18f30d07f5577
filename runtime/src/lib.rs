//! `sogen-runtime`: what sogen-generated SuperOffice NetServer clients call.
//!
//! - [`codec`]: the streaming XML codec: [`XmlReader`] (pull reader on quick-xml, no DOM,
//!   borrowing from the body), [`XmlWriter`], the [`Encode`]/[`Decode`] traits, list and
//!   dictionary helpers, and the primitive types ([`Decimal`], [`DateTime`], [`Duration`],
//!   [`Guid`], [`QName`], [`AnyValue`]).
//! - SOAP 1.1/1.2 envelopes with the SuperOffice headers ([`TimeZone`], [`ResponseHeaders`],
//!   [`ExceptionInfo`]) and faults ([`SoapFault`]).
//! - [`Client`] / [`Call`]: one configured endpoint, calls awaited or run blocking, over
//!   either [`Wire`]: NetServer's SOAP services (the default) or its REST Agents API
//!   (JSON, feature `rest`), with the same generated agents, types and errors.
//! - [`Transport`]: pluggable HTTP; the default is `ReqwestTransport` (rustls, gzip; default
//!   feature `http`).
//! - [`Error`]: the one error enum users match on.
//! - [`redirect`]: which redirects a request may follow, for every request the runtime makes.
//!
//! - [`Call`] options: a per-call [`timeout`](Call::timeout) and HTTP
//!   [`header`](Call::header)s; opt-in [`retry`] of transient failures ([`RetryPolicy`]);
//!   `User-Agent: sogen/<version>` ([`USER_AGENT`]) unless set.
//! - The wire log: request and response bodies as `TRACE` events on target
//!   [`WIRE_TARGET`] (`sogen::wire`), secrets redacted, bodies cut at [`WIRE_LOG_LIMIT`].
//!
//! Features: `http` (default) brings the reqwest transport and the Tokio runtime used by
//! [`Call::blocking`]; without it, supply a [`Transport`] and blocking calls run on a
//! minimal built-in executor (and calls are not retried: retries wait on Tokio's timer).
//! `rest` (default) is the REST wire's JSON codec ([`json`]): Serialize/Deserialize in the
//! Agents API's form for the runtime's types and generated ones, JSON request bodies, and
//! bounded response decoding; one JSON form per type. `chrono` and `time` add
//! exact conversions of [`DateTime`] and [`Duration`] with those crates' types (see
//! `ConversionError` for what has no counterpart). `server` serves generated agents over
//! HTTP ([`server`]), for tests without a NetServer; the service traits generated code
//! implements compile without it.
//!
//! Hostile responses are refused with typed errors: DOCTYPE, unknown entities, invalid
//! UTF-8, truncated XML, size, nesting, attributes and namespace declarations beyond
//! [`Limits`]. Decoding is linear in the body and counts against the call's timeout; large
//! bodies are decoded off the async workers. Secrets (ticket, application token, bearer
//! token) never appear in Debug output, errors or logs, and never follow a redirect to
//! another origin (the [`redirect`] rule).
//!
//! Every call runs in a `tracing` span `soap_call` (on both wires) with fields `agent`,
//! `operation`, `wire`, `http.status` and `duration_ms`.
//!
//! # What generated code looks like
//!
//! ```no_run
//! use sogen_runtime::*;
//!
//! const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
//!
//! #[derive(Debug, Clone, PartialEq, Default)]
//! pub struct ChatTopic { pub topic_id: i32, pub name: Option<String> }
//!
//! impl Encode for ChatTopic {
//!     fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
//!         w.open(ns, name);
//!         self.topic_id.encode(w, NS, "ChatTopicId");
//!         if let Some(v) = &self.name { v.encode(w, NS, "Name"); }
//!         w.close(ns, name);
//!     }
//! }
//!
//! impl Decode for ChatTopic {
//!     fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
//!         let mut v = Self::default();
//!         while let Some(c) = r.next_child()? {
//!             match c.local_name() {
//!                 "ChatTopicId" => v.topic_id = Decode::decode(r, &c)?,
//!                 "Name" => v.name = Decode::decode(r, &c)?,
//!                 _ => r.skip()?, // a newer server's field
//!             }
//!         }
//!         Ok(v)
//!     }
//! }
//!
//! static GET_CHAT_TOPIC: OperationInfo = OperationInfo {
//!     agent: "Chat",
//!     service_path: "Chat.svc",
//!     name: "GetChatTopic",
//!     action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetChatTopic",
//!     soap: SoapVersion::Soap11,
//!     // The namespace of the request headers (ApplicationToken, Credentials, TimeZone).
//!     namespace: NS,
//!     // The request headers its binding declares.
//!     headers: DeclaredHeaders::ALL,
//! };
//!
//! fn get_chat_topic(client: &Client, id: i32) -> Call<Option<ChatTopic>> {
//!     client.call(
//!         &GET_CHAT_TOPIC,
//!         |w| {
//!             w.open(NS, "GetChatTopic");
//!             id.encode(w, NS, "ChatTopicId");
//!             w.close(NS, "GetChatTopic");
//!         },
//!         decode_response::<Option<ChatTopic>>,
//!     )
//! }
//!
//! # async fn demo() -> Result<(), Error> {
//! let client = Client::builder("https://host/Cust12345/Remote/Services88/").ticket("7T:...").build()?;
//! let topic = get_chat_topic(&client, 1).await?;            // async
//! let topic = get_chat_topic(&client, 1).blocking()?;       // no runtime needed
//! let full = get_chat_topic(&client, 1).with_headers().await?; // + ExtraInfo, TimeZone
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod call;
mod client;
pub mod codec;
#[doc(hidden)]
pub mod codegen;
mod error;
mod http_headers;
#[cfg(feature = "rest")]
pub mod json;
#[cfg(feature = "online")]
pub mod online;
mod redact;
pub mod redirect;
pub mod retry;
mod secret;
pub mod server;
pub mod session;
pub mod soap;
mod transport;
mod types;
mod wire;

pub use call::{
    decode_response, decode_response_with, decode_void, Body, Call, Decoders, JsonBody,
    JsonDecodeFn, JsonRequest, Response, USER_AGENT,
};
pub use client::{
    Agent, Client, ClientBuilder, DeclaredHeaders, OperationInfo, DEFAULT_MAX_CONNECTIONS,
};
pub use codec::{
    decode_list, decode_map, decode_nillable, encode_items, encode_list, encode_map,
    encode_nillable, encode_nillable_list, encode_nillable_map, Decode, DecodeError,
    DecodeErrorKind, ElementStart, Encode, ItemList, Limits, MaybeNil, Nil, Nillable, Position,
    XmlReader, XmlWriter, XSD_NS, XSI_NS,
};
pub use error::{Error, LimitKind, SuperOfficeFailure};
pub use http_headers::HttpHeaders;
pub use retry::RetryPolicy;
pub use secret::Secret;
#[cfg(feature = "online")]
pub use session::SystemUserCredentials;
pub use session::{
    AccessToken, CredentialSource, ExistingTicket, Login, LoginCause, LoginContext, LoginEvent,
    Session, SessionBuilder, UsernamePassword,
};
pub use soap::{ExceptionInfo, ResponseHeaders, SoapFault, SoapVersion, TimeZone};
#[cfg(feature = "http")]
pub use transport::ReqwestTransport;
pub use transport::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError};
pub use types::*;
pub use wire::log::{WIRE_LOG_LIMIT, WIRE_TARGET};
pub use wire::{AuthScheme, Wire};

/// The README's `rust` examples (those that need only the runtime), run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
