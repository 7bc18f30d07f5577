//! Reading a REST response: the value, or the error it is, as the same typed errors
//! users match on over SOAP.
//!
//! | response | result |
//! |---|---|
//! | 2xx with a value | the value (decoded within `Limits` and the deadline) |
//! | 2xx with `null`, 204 or an empty body | the default: `None`, `()` for a void operation |
//! | SuperOffice's error object `{"Error": true, "ErrorType", "ErrorMessage" or "Message", "ErrorSource"}`, any status | [`Error::SuperOffice`]: `exception_type`, `message`, `source` |
//! | ASP.NET's error object `{"Message", "MessageDetail", "ExceptionMessage", ...}`: 4xx, 5xx, or 2xx where the result has no `Message` of its own | [`Error::Fault`]: `s:Client` (`s:Server` for 5xx), `reason` its `Message`, `detail` the rest |
//! | another status | [`Error::Http`] with an excerpt (401: an authentication error; 421, 503: the tenant may have moved) |
//! | a 2xx body that is not JSON | [`Error::Http`] when its content type is not JSON, else [`Error::Decode`] |
//!
//! Sources: SuperOffice's Agents WebAPI page ("a failed call will return NULL"; the
//! ASP.NET `HttpError` answering 400, or 200 "when the request succeeds but the data is
//! invalid"), its REST errors page (`{"Error": true, "ErrorType": "SoNotFoundException",
//! "ErrorMessage": ..., "ErrorSource": ...}`), and its TypeScript client's tests (400 with
//! `ErrorType` and `Message` from an agent). The ASP.NET object is told from a value by
//! its members: only `HttpError`'s, `Message` among them; a 2xx one is an error unless
//! the operation's result reads `Message` itself (a `ChatMessage` has one), found out by
//! decoding it.

use std::time::Instant;

use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Format;
use crate::call::JsonDecodeFn;
use crate::codec::{DecodeErrorKind, Limits};
use crate::redact::Redactor;
use crate::{Error, ExceptionInfo, SoapFault, SoapVersion, SuperOfficeFailure};

/// Turns a REST response into the decoded value or the typed error it is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_response<T>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    url: &str,
    deadline: Option<Instant>,
    decode: JsonDecodeFn<T>,
    redactor: &Redactor,
) -> Result<T, Error> {
    let success = (200..300).contains(&status);
    let http_error = || Error::Http {
        status,
        url: url.to_owned(),
        content_type: content_type.map(str::to_owned),
        excerpt: super::excerpt(body, Format::Json, redactor),
        // The call that received the response adds them.
        headers: Default::default(),
    };
    match classify(body) {
        Shape::SuperOffice(x) => Err(Error::SuperOffice(Box::new(SuperOfficeFailure::new(
            x,
            Default::default(),
            status,
        )))),
        Shape::AspNet(fault) if !success => Err(Error::Fault(Box::new(fault.into_fault(status)))),
        Shape::AspNet(fault) => match decode(body, limits, deadline) {
            Ok(value) if !crate::json::top_message_was_unknown() => Ok(value),
            _ => Err(Error::Fault(Box::new(fault.into_fault(status)))),
        },
        Shape::Other if !success => Err(http_error()),
        Shape::Other => decode(body, limits, deadline).map_err(|e| match e.kind() {
            DecodeErrorKind::DeadlineExceeded => Error::Timeout {
                url: url.to_owned(),
            },
            _ if e.is_limit() => e.into(),
            _ if content_type.is_some_and(|c| !is_json(c)) => http_error(),
            _ => e.into(),
        }),
    }
}

/// Whether a content type is JSON (`application/json`, `text/json`, `...+json`).
fn is_json(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    let media = media.to_ascii_lowercase();
    media.ends_with("/json") || media.ends_with("+json")
}

/// What a body is, before it is read as the result.
enum Shape {
    SuperOffice(ExceptionInfo),
    AspNet(AspNetError),
    Other,
}

/// ASP.NET Web API's `HttpError`.
#[derive(Default)]
struct AspNetError {
    message: String,
    detail: Option<String>,
    exception_type: Option<String>,
    exception_message: Option<String>,
}

impl AspNetError {
    /// As a fault: the client's (a 2xx or 4xx) or the server's (a 5xx).
    fn into_fault(self, status: u16) -> SoapFault {
        let exception = match (self.exception_type, self.exception_message) {
            (Some(t), Some(m)) => Some(format!("{t}: {m}")),
            (t, m) => t.or(m),
        };
        let detail = match (self.detail, exception) {
            (Some(d), Some(e)) => Some(format!("{d}\n{e}")),
            (d, e) => d.or(e),
        };
        SoapFault {
            http_status: status,
            version: SoapVersion::Soap11,
            code: if status >= 500 {
                "s:Server"
            } else {
                "s:Client"
            }
            .into(),
            subcode: None,
            reason: self.message,
            actor: None,
            detail,
        }
    }
}

/// The members of the two error objects: a body with any other member is neither.
const ERROR_MEMBERS: &[&str] = &[
    "Error",
    "ErrorType",
    "ErrorMessage",
    "ErrorSource",
    "Message",
    "MessageDetail",
    "ExceptionMessage",
    "ExceptionType",
    "StackTrace",
    "InnerException",
    "ModelState",
];

/// Reads the members of a body that is an object of error members only; stops at the
/// first other member (a value's), so that a large value costs nothing here.
fn classify(body: &[u8]) -> Shape {
    let Ok(text) = std::str::from_utf8(body) else {
        return Shape::Other;
    };
    if !text.trim_start().starts_with('{') {
        return Shape::Other;
    }
    let mut members: Vec<(String, Box<RawValue>)> = Vec::new();
    let read = serde::Deserializer::deserialize_map(
        &mut serde_json::Deserializer::from_str(text),
        Members(&mut members),
    );
    if read.is_err() {
        return Shape::Other;
    }
    let text_of = |name: &str| {
        let raw = members.iter().rev().find(|(k, _)| k == name)?;
        serde_json::from_str::<String>(raw.1.get()).ok()
    };
    let is_true = members
        .iter()
        .any(|(k, v)| k == "Error" && v.get().trim() == "true");
    if is_true {
        let message = text_of("ErrorMessage")
            .or_else(|| text_of("Message"))
            .or_else(|| text_of("ExceptionMessage"));
        let exception_type = text_of("ErrorType").or_else(|| text_of("ExceptionType"));
        if message.is_some() || exception_type.is_some() {
            return Shape::SuperOffice(ExceptionInfo {
                message: message.unwrap_or_default(),
                exception_type: exception_type.unwrap_or_default(),
                source: text_of("ErrorSource").unwrap_or_default(),
                stack_trace: text_of("StackTrace").unwrap_or_default(),
                ..Default::default()
            });
        }
    }
    let superoffice_member = members.iter().any(|(k, _)| k.starts_with("Error"));
    match text_of("Message") {
        Some(message) if !superoffice_member => Shape::AspNet(AspNetError {
            message,
            detail: text_of("MessageDetail"),
            exception_type: text_of("ExceptionType"),
            exception_message: text_of("ExceptionMessage"),
        }),
        _ => Shape::Other,
    }
}

/// Collects the members of an object while they are error members.
struct Members<'a>(&'a mut Vec<(String, Box<RawValue>)>);

impl<'de> Visitor<'de> for Members<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if !ERROR_MEMBERS.contains(&key.as_ref()) {
                return Err(serde::de::Error::custom("a value's member"));
            }
            let value: Box<RawValue> = map.next_value()?;
            self.0.push((key.into_owned(), value));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::decode_json;

    fn read<T: serde::de::DeserializeOwned + Default>(status: u16, body: &str) -> Result<T, Error> {
        read_response(
            status,
            Some("application/json; charset=utf-8"),
            body.as_bytes(),
            &Limits::default(),
            "http://h/api/v1/Agents/A/B",
            None,
            decode_json::<T>,
            &Redactor::default(),
        )
    }

    #[test]
    fn values_null_and_no_content() {
        assert_eq!(read::<Option<i32>>(200, "5").unwrap(), Some(5));
        assert_eq!(read::<Option<i32>>(200, "null").unwrap(), None);
        assert_eq!(read::<Vec<i32>>(200, "null").unwrap(), Vec::<i32>::new());
        read::<()>(204, "").unwrap();
        read::<()>(204, "null").unwrap();
    }

    #[test]
    fn superoffice_error_objects_are_superoffice_errors() {
        for (status, body) in [
            (
                404,
                r#"{"Error": true, "ErrorType": "SoNotFoundException", "ErrorMessage": "Contact id 99999 not found", "ErrorSource": "SuperOffice.Services.Implementation"}"#,
            ),
            (
                200,
                r#"{"Error":true,"ErrorType":"SoNotFoundException","Message":"Contact id 99999 not found","ErrorSource":"SuperOffice.Services.Implementation"}"#,
            ),
        ] {
            match read::<Option<i32>>(status, body) {
                Err(Error::SuperOffice(x)) => {
                    assert_eq!(x.exception_type, "SoNotFoundException");
                    assert_eq!(x.message, "Contact id 99999 not found");
                    assert_eq!(x.source, "SuperOffice.Services.Implementation");
                    assert_eq!(x.http_status, status);
                }
                other => panic!("{status}: {other:?}"),
            }
        }
    }

    #[test]
    fn aspnet_errors_are_faults_unless_the_result_has_a_message() {
        let invalid = r#"{"Message": "The request is invalid.", "MessageDetail": "The parameters dictionary contains a null entry for parameter 'contactEntityId'."}"#;
        for status in [200, 400, 500] {
            match read::<Option<i32>>(status, invalid) {
                Err(Error::Fault(f)) => {
                    assert_eq!(f.reason, "The request is invalid.");
                    assert!(f.detail.unwrap().contains("contactEntityId"));
                    let code = if status == 500 {
                        "s:Server"
                    } else {
                        "s:Client"
                    };
                    assert_eq!((f.code.as_str(), f.http_status), (code, status));
                }
                other => panic!("{status}: {other:?}"),
            }
        }
        // A result with a `Message` of its own is the value.
        let map: crate::Map<String, String> = read(200, r#"{"Message": "hi"}"#).unwrap();
        assert_eq!(map.get("Message"), Some(&"hi".to_owned()));
        // A value with another member is no error object.
        let map: crate::Map<String, String> =
            read(200, r#"{"Message": "hi", "Other": "x"}"#).unwrap();
        assert_eq!(map.0.len(), 2);
    }

    #[test]
    fn other_statuses_and_bodies() {
        match read::<Option<i32>>(401, "") {
            Err(e @ Error::Http { status: 401, .. }) => assert!(e.is_authentication()),
            other => panic!("{other:?}"),
        }
        let html = read_response::<Option<i32>>(
            200,
            Some("text/html"),
            b"<html>Sign in</html>",
            &Limits::default(),
            "u",
            None,
            decode_json,
            &Redactor::default(),
        );
        assert!(
            matches!(html, Err(Error::Http { status: 200, .. })),
            "{html:?}"
        );
        assert!(matches!(
            read::<Option<i32>>(200, "<html>"),
            Err(Error::Decode(_))
        ));
    }
}
