//! The SuperOffice SOAP headers: request `TimeZone`; response `ExceptionInfo`, `ExtraInfo`,
//! `Succeeded` and `TimeZone` (types `SoTimeZone`, `SoExceptionInfo`, `SoExtraInfo`).

use crate::codec::{
    decode_map, encode_map, excerpt, Decode, DecodeError, ElementStart, Encode, XmlReader,
    XmlWriter,
};

/// `SoTimeZone`: the time zone the server should use for dates in this call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimeZone {
    /// `SoTimeZoneId`.
    pub id: i32,
    /// `SoTimeZoneLocationCode`, such as `"NO"`.
    pub location_code: Option<String>,
}

impl Encode for TimeZone {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.open(ns, name);
        self.id.encode(w, ns, "SoTimeZoneId");
        if let Some(code) = &self.location_code {
            code.encode(w, ns, "SoTimeZoneLocationCode");
        }
        w.close(ns, name);
    }
}

impl Decode for TimeZone {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut tz = TimeZone::default();
        while let Some(child) = r.next_child()? {
            match child.local_name() {
                "SoTimeZoneId" => tz.id = i32::decode(r, &child)?,
                "SoTimeZoneLocationCode" => tz.location_code = Option::decode(r, &child)?,
                _ => r.skip()?,
            }
        }
        Ok(tz)
    }
}

/// `SoExceptionInfo`: the server-side exception behind a failed call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExceptionInfo {
    /// `Message`.
    pub message: String,
    /// `ExceptionType`, such as `SoException`.
    pub exception_type: String,
    /// `StackTrace`.
    pub stack_trace: String,
    /// `FriendlyText`, meant for end users.
    pub friendly_text: String,
    /// `Source`.
    pub source: String,
    /// `InnerException`.
    pub inner: Option<Box<ExceptionInfo>>,
    /// `Parameters`.
    pub parameters: Vec<(String, String)>,
}

/// In the order of `SoExceptionInfo`'s sequence, children in `ns` (as a server writes it).
impl Encode for ExceptionInfo {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.open(ns, name);
        w.leaf(ns, "Message", &self.message);
        w.leaf(ns, "StackTrace", &self.stack_trace);
        w.leaf(ns, "FriendlyText", &self.friendly_text);
        w.leaf(ns, "ExceptionType", &self.exception_type);
        w.leaf(ns, "Source", &self.source);
        self.inner.encode(w, ns, "InnerException");
        let entry = "SoExceptionInfoParametersKeyValuePair";
        encode_map(w, ns, "Parameters", ns, entry, &self.parameters);
        w.close(ns, name);
    }
}

impl Decode for ExceptionInfo {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut x = ExceptionInfo::default();
        let text = |r: &mut XmlReader<'_>, c: &ElementStart<'_>| -> Result<String, DecodeError> {
            Ok(Option::<String>::decode(r, c)?.unwrap_or_default())
        };
        while let Some(c) = r.next_child()? {
            match c.local_name() {
                "Message" => x.message = text(r, &c)?,
                "StackTrace" => x.stack_trace = text(r, &c)?,
                "FriendlyText" => x.friendly_text = text(r, &c)?,
                "ExceptionType" => x.exception_type = text(r, &c)?,
                "Source" => x.source = text(r, &c)?,
                "InnerException" => x.inner = Option::decode(r, &c)?,
                "Parameters" if c.is_nil() => r.skip()?,
                "Parameters" => x.parameters = string_pairs(r, &c)?,
                _ => r.skip()?,
            }
        }
        Ok(x)
    }
}

/// Quotes at most 100 characters of the type and 500 of each message; the fields hold
/// them whole.
impl std::fmt::Display for ExceptionInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.exception_type.is_empty() {
            write!(f, "{}: ", excerpt(&self.exception_type, 100))?;
        }
        f.write_str(&excerpt(&self.message, 500))?;
        if let Some(inner) = &self.inner {
            write!(f, " (inner: {inner})")?;
        }
        Ok(())
    }
}

/// A string dictionary whose keys and values may be nil (read as empty).
fn string_pairs(
    r: &mut XmlReader<'_>,
    start: &ElementStart<'_>,
) -> Result<Vec<(String, String)>, DecodeError> {
    Ok(decode_map::<Option<String>, Option<String>>(r, start)?
        .into_iter()
        .map(|(k, v)| (k.unwrap_or_default(), v.unwrap_or_default()))
        .collect())
}

/// The response headers of a successful call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseHeaders {
    /// `ExtraInfo` name/value pairs, in the order sent.
    pub extra_info: Vec<(String, String)>,
    /// `Succeeded`, when sent.
    pub succeeded: Option<bool>,
    /// `TimeZone`, when sent.
    pub time_zone: Option<TimeZone>,
}

impl ResponseHeaders {
    /// The first `ExtraInfo` value named `key`.
    pub fn extra(&self, key: &str) -> Option<&str> {
        self.extra_info
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the children of `Header`; returns the headers and the exception, if any.
pub(crate) fn read_headers(
    r: &mut XmlReader<'_>,
    headers: &mut ResponseHeaders,
) -> Result<Option<ExceptionInfo>, DecodeError> {
    let mut exception = None;
    while let Some(h) = r.next_child()? {
        match h.local_name() {
            "ExceptionInfo" => exception = Option::<ExceptionInfo>::decode(r, &h)?,
            "ExtraInfo" if h.is_nil() => r.skip()?,
            "ExtraInfo" => headers.extra_info = string_pairs(r, &h)?,
            "Succeeded" => headers.succeeded = Option::<bool>::decode(r, &h)?,
            "TimeZone" => headers.time_zone = Option::<TimeZone>::decode(r, &h)?,
            _ => r.skip()?,
        }
    }
    Ok(exception)
}
