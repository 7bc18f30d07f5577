//! Decoders generated code passes to [`Client::call`](crate::Client::call) for response
//! wrappers.

use crate::codec::{Decode, DecodeError, ElementStart, XmlReader};

/// Decodes a response wrapper (`XResponse`): the value of its `Response` child, or
/// `T::default()` when it is absent or nil.
pub fn decode_response<T: Decode + Default>(
    r: &mut XmlReader<'_>,
    start: &ElementStart<'_>,
) -> Result<T, DecodeError> {
    decode_response_with(r, start, T::decode)
}

/// As [`decode_response`], with the `Response` child read by `decode`: for values that have
/// no [`Decode`] impl of their own, such as lists and dictionaries.
///
/// ```
/// use sogen_runtime::{decode_list, decode_response_with, soap::parse_response, Limits};
/// let body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <GetIdsResponse xmlns="urn:x"><Response><int>1</int><int>2</int></Response></GetIdsResponse>
/// </s:Body></s:Envelope>"#;
/// let ids = parse_response(200, None, body, Limits::default(), |r, s| {
///     decode_response_with(r, s, decode_list::<i32>)
/// })
/// .unwrap();
/// assert_eq!(ids.value, vec![1, 2]);
/// ```
pub fn decode_response_with<T: Default>(
    r: &mut XmlReader<'_>,
    _start: &ElementStart<'_>,
    decode: impl FnOnce(&mut XmlReader<'_>, &ElementStart<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut decode = Some(decode);
    let mut value = None;
    while let Some(child) = r.next_child()? {
        if child.local_name() == "Response" && !child.is_nil() {
            if let Some(f) = decode.take() {
                value = Some(f(r, &child)?);
                continue;
            }
        }
        r.skip()?;
    }
    Ok(value.unwrap_or_default())
}

/// Decodes the wrapper of a void operation (its content is ignored).
pub fn decode_void(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<(), DecodeError> {
    while r.next_child()?.is_some() {
        r.skip()?;
    }
    Ok(())
}
