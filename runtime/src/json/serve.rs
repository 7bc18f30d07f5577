//! The server side of the REST wire (feature `rest`; serving it needs `server` too): what a generated
//! dispatch calls to read an operation's parameters from a JSON request (an object of
//! members, a whole body, a query parameter) and to write its result as JSON.

use std::sync::Arc;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use super::context::decode_json_as;
use super::forms::{AsIs, JsonRead};
use crate::codec::{excerpt, DecodeError, DecodeErrorKind, Limits, Position};
use crate::server::{Pending, RequestContext, ServiceError};
use crate::transport::BoxFuture;

/// One parameter of a JSON request object, as received.
#[derive(Debug, Clone, Copy)]
pub struct JsonParam<'a> {
    json: &'a str,
    limits: &'a Limits,
}

impl JsonParam<'_> {
    /// Reads the parameter into `place` (within the request's [`Limits`]).
    pub fn read<T: DeserializeOwned + Default>(&self, place: &mut T) -> Result<(), DecodeError> {
        self.read_as::<AsIs, T>(place)
    }

    /// As [`read`](Self::read), in form `F` (base64 bytes, floats).
    pub fn read_as<F: for<'de> JsonRead<'de, T>, T: Default>(
        &self,
        place: &mut T,
    ) -> Result<(), DecodeError> {
        *place = decode_json_as::<F, T>(self.json.as_bytes(), self.limits, None)?;
        Ok(())
    }
}

fn error(kind: DecodeErrorKind) -> DecodeError {
    DecodeError::new(kind, String::new(), Position::default())
}

/// Reads a request body that is an object of parameters: each member whose name is one
/// of `names` (compared without case, as ASP.NET binds them) goes to `read` with its
/// index; other members are ignored. An empty body or `null` leaves every parameter at
/// its default. The same parameter twice is an error.
pub fn json_params(
    body: &[u8],
    limits: &Limits,
    names: &[&str],
    mut read: impl FnMut(usize, JsonParam<'_>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let members: Members<'_> = decode_members(body, limits)?;
    let mut given = vec![false; names.len()];
    for (name, value) in &members.0 {
        let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if std::mem::replace(&mut given[i], true) {
            return Err(error(DecodeErrorKind::DuplicateKey(excerpt(name, 100))));
        }
        read(
            i,
            JsonParam {
                json: value.get(),
                limits,
            },
        )
        .map_err(|e| DecodeError::new(e.kind().clone(), names[i].to_owned(), e.position()))?;
    }
    Ok(())
}

/// The members of the body object, borrowed from it.
#[derive(Default)]
struct Members<'a>(Vec<(std::borrow::Cow<'a, str>, &'a RawValue)>);

fn decode_members<'a>(body: &'a [u8], limits: &Limits) -> Result<Members<'a>, DecodeError> {
    // The checks of any JSON body (size, BOM, UTF-8, `null`), then the object.
    decode_json_as::<AsIs, Option<serde::de::IgnoredAny>>(body, limits, None)?;
    let text = std::str::from_utf8(body).unwrap_or_default();
    if matches!(text.trim(), "" | "null") {
        return Ok(Members::default());
    }
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Members<'de>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of parameters")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
            let mut members = Vec::new();
            while let Some(key) = map.next_key_seed(super::record::KeySeed)? {
                members.push((key, map.next_value::<&RawValue>()?));
            }
            Ok(Members(members))
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let members = (&mut de)
        .deserialize_map(V)
        .and_then(|m| de.end().map(|()| m));
    members.map_err(|_| {
        error(DecodeErrorKind::Unexpected {
            expected: "an object of parameters".into(),
            found: "another value".into(),
        })
    })
}

/// Reads a body that is one parameter as a whole (a carrier or a list posted bare).
pub fn json_param<F: for<'de> JsonRead<'de, T>, T: Default>(
    body: &[u8],
    limits: &Limits,
    place: &mut T,
) -> Result<(), DecodeError> {
    *place = decode_json_as::<F, T>(body, limits, None)?;
    Ok(())
}

/// Reads query parameter `name` (without case) into `place`: required.
pub fn json_query<T: std::str::FromStr>(
    query: &[(String, String)],
    name: &str,
    place: &mut T,
) -> Result<(), DecodeError> {
    let value = query.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
    let Some((_, value)) = value else {
        return Err(error(DecodeErrorKind::Unexpected {
            expected: format!("the query parameter {name}"),
            found: "none".into(),
        }));
    };
    *place = value.parse().map_err(|_| {
        error(DecodeErrorKind::Unexpected {
            expected: format!("a valid value of the query parameter {name}"),
            found: "another text".into(),
        })
    })?;
    Ok(())
}

/// `v` as a JSON body.
pub fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(v)
}

/// One decoded REST call: runs `call` (the service method on `imp`) and writes its result
/// with `write` as the reply body (empty for a void result: no content). What each JSON
/// dispatch arm of generated code returns.
pub fn respond_json<S, T, F, B>(imp: Arc<S>, cx: RequestContext, call: F, write: B) -> Pending
where
    S: Send + Sync + 'static,
    T: Send + 'static,
    F: for<'a> FnOnce(&'a S, &'a RequestContext) -> BoxFuture<'a, Result<T, ServiceError>>
        + Send
        + 'static,
    B: FnOnce(&T) -> Result<Vec<u8>, serde_json::Error> + Send + 'static,
{
    Box::pin(async move {
        let value = call(&imp, &cx).await?;
        write(&value)
            .map_err(|e| ServiceError::server(format!("the result cannot be written as JSON: {e}")))
    })
}
