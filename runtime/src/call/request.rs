//! What a generated method hands the client for either wire: the body writer
//! ([`Body`]), the response readers ([`Decoders`]), and the request as prepared for the
//! client's [`Wire`].

use std::time::Instant;

use crate::codec::{DecodeError, Limits, XmlWriter};
use crate::soap::DecodeFn;
use crate::wire::Wire;
use crate::Error;

/// Where a generated method writes its request: the client evaluates the method's body
/// closure once, with the writer of its own wire.
#[derive(Debug)]
pub enum Body<'a> {
    /// The request element of a SOAP call.
    Xml(&'a mut XmlWriter),
    /// The JSON body and query of a REST call.
    Json(&'a mut JsonBody),
}

/// A REST request being written: parameters as members of a JSON object, a whole body
/// (a carrier or a list posted bare), or query parameters. Its writing methods come with
/// the `rest` feature (module [`json`](crate::json)). A value that cannot be written as
/// JSON is kept as an error and reported when the call is awaited ([`Error::Encode`]);
/// nothing is sent then.
#[derive(Debug, Default)]
pub struct JsonBody {
    /// The object or whole body written so far.
    #[cfg(feature = "rest")]
    pub(crate) out: Vec<u8>,
    /// What `out` holds.
    #[cfg(feature = "rest")]
    pub(crate) shape: crate::json::BodyShape,
    /// `?name=value` pairs, in order.
    #[cfg(feature = "rest")]
    pub(crate) query: Vec<(&'static str, String)>,
    /// The first value that could not be written.
    #[cfg(feature = "rest")]
    pub(crate) error: Option<String>,
    /// Set by [`not_in_api`](Self::not_in_api): the call is refused on the REST wire.
    #[cfg(feature = "rest")]
    pub(crate) not_in_api: bool,
}

/// A REST request as a generated method wrote it: what the transport sends as
/// `POST {site}/api/v1/Agents/{Agent}/{Operation}`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct JsonRequest {
    /// The JSON body (`Content-Type: application/json`); `None`: no body.
    pub body: Option<Vec<u8>>,
    /// Query parameters (`?ChatSessionEntityId=5`), names as the API documents them,
    /// values not yet percent-encoded.
    pub query: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for JsonRequest {
    /// The body may hold secrets (a password parameter): only its size is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.query.iter().map(|(n, _)| *n).collect();
        f.debug_struct("JsonRequest")
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .field("query", &names)
            .finish()
    }
}

/// Decodes a REST response body (the value itself, `null`, or empty for no content)
/// within [`Limits`] and an optional deadline.
pub type JsonDecodeFn<T> = fn(&[u8], &Limits, Option<Instant>) -> Result<T, DecodeError>;

/// How a call's response is read, per wire; a wire without a reader was not generated
/// for this agent (`Builder::wire`), and a call on it fails with [`Error::Config`].
pub struct Decoders<T> {
    pub(crate) xml: Option<DecodeFn<T>>,
    pub(crate) json: Option<JsonDecodeFn<T>>,
}

impl<T> Clone for Decoders<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Decoders<T> {}

impl<T> std::fmt::Debug for Decoders<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoders")
            .field("xml", &self.xml.is_some())
            .field("json", &self.json.is_some())
            .finish()
    }
}

impl<T> Decoders<T> {
    /// SOAP only: the first element inside the response `Body`.
    pub fn xml(xml: DecodeFn<T>) -> Self {
        Decoders {
            xml: Some(xml),
            json: None,
        }
    }

    /// REST only: the JSON response body.
    pub fn json(json: JsonDecodeFn<T>) -> Self {
        Decoders {
            xml: None,
            json: Some(json),
        }
    }

    /// Both wires.
    pub fn both(xml: DecodeFn<T>, json: JsonDecodeFn<T>) -> Self {
        Decoders {
            xml: Some(xml),
            json: Some(json),
        }
    }
}

/// A request written for one wire, or why it could not be.
pub(crate) enum Prepared {
    /// The SOAP request element (the envelope is written when it is sent).
    Xml(Vec<u8>),
    /// The REST request (only made with the `rest` feature).
    #[cfg_attr(not(feature = "rest"), allow(dead_code))]
    Json(JsonRequest),
    /// Nothing to send: the agent lacks this wire's codec, or a value could not be
    /// written. Reported when the call is awaited.
    Failed(Error),
}

impl Prepared {
    /// The size of what would be sent, for `Debug`.
    pub(crate) fn len(&self) -> usize {
        match self {
            Prepared::Xml(body) => body.len(),
            Prepared::Json(r) => r.body.as_ref().map_or(0, Vec::len),
            Prepared::Failed(_) => 0,
        }
    }
}

/// The error of a call whose agent was generated without `wire`'s codec.
pub(crate) fn not_generated(wire: Wire, op: &crate::OperationInfo) -> Error {
    let option = wire.name().to_ascii_lowercase();
    let wire = wire.name();
    Error::Config(format!(
        "{}.{} cannot be called over the {wire} wire: its agent was generated without the \
         {wire} codec (generate with `Builder::wire(Wire::Both)` or `--wire both|{option}`)",
        op.agent, op.name
    ))
}

/// Writes the request of a call on `wire` with `body`, if `decoders` has that wire.
pub(crate) fn prepare<T>(
    wire: Wire,
    op: &crate::OperationInfo,
    body: impl FnOnce(Body<'_>),
    decoders: &Decoders<T>,
) -> Prepared {
    match wire {
        Wire::Soap if decoders.xml.is_some() => {
            Prepared::Xml(crate::soap::write_body(|w| body(Body::Xml(w))))
        }
        Wire::Rest if decoders.json.is_some() => prepare_json(op, body),
        _ => Prepared::Failed(not_generated(wire, op)),
    }
}

/// The error of a call of an older version's operation that the REST Agents API no
/// longer has (the generator marks them: `JsonBody::not_in_api`).
#[cfg(feature = "rest")]
fn not_in_api(op: &crate::OperationInfo) -> Error {
    Error::Config(format!(
        "{}.{} of {} is not in the REST Agents API, which serves the current version's \
         agents only: call it over SOAP, or the current version's agent",
        op.agent,
        op.name,
        crate::session::version_of(op.namespace)
    ))
}

#[cfg(feature = "rest")]
fn prepare_json(op: &crate::OperationInfo, body: impl FnOnce(Body<'_>)) -> Prepared {
    let mut json = JsonBody::default();
    body(Body::Json(&mut json));
    if json.not_in_api {
        return Prepared::Failed(not_in_api(op));
    }
    match json.finish() {
        Ok(request) => Prepared::Json(request),
        Err(message) => Prepared::Failed(Error::Encode(message)),
    }
}

#[cfg(not(feature = "rest"))]
fn prepare_json(_: &crate::OperationInfo, _: impl FnOnce(Body<'_>)) -> Prepared {
    Prepared::Failed(Error::Config(
        "the REST wire needs sogen-runtime's `rest` feature".into(),
    ))
}
