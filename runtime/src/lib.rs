//! `sogen-runtime`: what sogen-generated SuperOffice NetServer clients call.
//!
//! - [`codec`]: the streaming XML codec: [`XmlReader`] (pull reader on quick-xml, no DOM,
//!   borrowing from the body), [`XmlWriter`], the [`Encode`]/[`Decode`] traits, list and
//!   dictionary helpers, and the primitive types ([`Decimal`], [`DateTime`], [`Duration`],
//!   [`Guid`], [`QName`], [`AnyValue`]).
//! - SOAP 1.1/1.2 envelopes with the SuperOffice headers ([`TimeZone`], [`ResponseHeaders`],
//!   [`ExceptionInfo`]) and faults ([`SoapFault`]).
//! - [`Client`] / [`Call`]: one configured endpoint, calls awaited or run blocking.
//! - [`Transport`]: pluggable HTTP; the default is `ReqwestTransport` (rustls, gzip; default
//!   feature `http`).
//!
//! Features: `http` (default) brings the reqwest transport and the Tokio runtime used by
//! [`Call::blocking`]; without it, supply a [`Transport`] and blocking calls run on a
//! minimal built-in executor. `serde` derives Serialize/Deserialize for the runtime's types.
//! - [`Error`]: the one error enum users match on.
//!
//! Hostile responses are refused with typed errors: DOCTYPE, unknown entities, invalid
//! UTF-8, truncated XML, nesting and size beyond [`Limits`]. Secrets (ticket, application
//! token, bearer token) never appear in Debug output, errors or logs.
//!
//! Every call runs in a `tracing` span `soap_call` with fields `agent`, `operation`,
//! `http.status` and `duration_ms`.
#![warn(missing_docs)]

mod call;
mod client;
pub mod codec;
mod error;
pub mod soap;
mod transport;
mod types;

pub use call::{decode_response, decode_void, Call, Response};
pub use client::{Client, ClientBuilder, OperationInfo};
pub use codec::{
    decode_list, decode_map, encode_list, encode_map, Decode, DecodeError, DecodeErrorKind,
    ElementStart, Encode, Limits, Position, XmlReader, XmlWriter, XSD_NS, XSI_NS,
};
pub use error::{Error, LimitKind};
pub use soap::{ExceptionInfo, ResponseHeaders, SoapFault, SoapVersion, TimeZone};
#[cfg(feature = "http")]
pub use transport::ReqwestTransport;
pub use transport::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError};
pub use types::*;
