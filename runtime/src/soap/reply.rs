//! Writes response envelopes (the server side) as NetServer sends them: a result with the
//! SuperOffice response headers (what generated service code answers, with or without
//! feature `server`), a failure (`ExceptionInfo`, `Succeeded=false`), or a fault.

use super::envelope::open_envelope;
#[cfg(feature = "server")]
use super::ExceptionInfo;
use super::{SoapVersion, TimeZone};
use crate::codec::{encode_map, Encode, XmlWriter};

/// The response headers of one reply, in namespace `ns`.
pub(crate) struct ReplyHeaders<'a> {
    /// The version namespace the headers are in.
    pub ns: &'a str,
    /// `ExtraInfo` pairs.
    pub extra_info: &'a [(String, String)],
    /// `TimeZone` (the request's, as NetServer echoes it).
    pub time_zone: Option<&'a TimeZone>,
}

/// A result: `ExceptionInfo` nil, `ExtraInfo`, `Succeeded` true and `TimeZone` (when
/// `headers` is given: the operation's output declares them), then the body `body` writes.
pub(crate) fn write_result(
    version: SoapVersion,
    headers: Option<&ReplyHeaders<'_>>,
    body: impl FnOnce(&mut XmlWriter),
) -> Vec<u8> {
    let mut w = open_envelope(version);
    if let Some(h) = headers {
        w.raw("<s:Header>");
        w.nil(h.ns, "ExceptionInfo");
        write_common(&mut w, h, true);
        w.raw("</s:Header>");
    }
    finish(w, body)
}

/// A failure as NetServer reports one: HTTP 200, the exception in the `ExceptionInfo`
/// header and `Succeeded=false`; the body holds the empty response element `body` writes.
#[cfg(feature = "server")]
pub(crate) fn write_failure(
    version: SoapVersion,
    headers: &ReplyHeaders<'_>,
    exception: &ExceptionInfo,
    body: impl FnOnce(&mut XmlWriter),
) -> Vec<u8> {
    let mut w = open_envelope(version);
    w.raw("<s:Header>");
    exception.encode(&mut w, headers.ns, "ExceptionInfo");
    write_common(&mut w, headers, false);
    w.raw("</s:Header>");
    finish(w, body)
}

fn write_common(w: &mut XmlWriter, h: &ReplyHeaders<'_>, succeeded: bool) {
    encode_map(
        w,
        h.ns,
        "ExtraInfo",
        h.ns,
        "ExtraInfoNameValuePair",
        h.extra_info,
    );
    succeeded.encode(w, h.ns, "Succeeded");
    h.time_zone.encode(w, h.ns, "TimeZone");
}

fn finish(mut w: XmlWriter, body: impl FnOnce(&mut XmlWriter)) -> Vec<u8> {
    w.raw("<s:Body>");
    body(&mut w);
    w.raw("</s:Body></s:Envelope>");
    w.into_bytes()
}

/// A SOAP fault as WCF writes it: 1.1 `faultcode`/`faultstring`/`detail`, 1.2
/// `Code/Value`, `Reason/Text`, `Detail`. `client` picks `s:Client` (1.2 `s:Sender`) over
/// `s:Server` (`s:Receiver`); `detail` is text.
#[cfg(feature = "server")]
pub(crate) fn write_fault(
    version: SoapVersion,
    client: bool,
    reason: &str,
    detail: Option<&str>,
) -> Vec<u8> {
    let mut w = open_envelope(version);
    w.raw("<s:Body><s:Fault>");
    match version {
        SoapVersion::Soap11 => {
            w.leaf(
                "",
                "faultcode",
                if client { "s:Client" } else { "s:Server" },
            );
            w.raw("<faultstring xml:lang=\"en-US\">");
            w.text(reason);
            w.raw("</faultstring>");
            if let Some(d) = detail {
                w.leaf("", "detail", d);
            }
        }
        SoapVersion::Soap12 => {
            w.raw("<s:Code><s:Value>");
            w.raw(if client { "s:Sender" } else { "s:Receiver" });
            w.raw("</s:Value></s:Code><s:Reason><s:Text xml:lang=\"en-US\">");
            w.text(reason);
            w.raw("</s:Text></s:Reason>");
            if let Some(d) = detail {
                w.raw("<s:Detail>");
                w.text(d);
                w.raw("</s:Detail>");
            }
        }
    }
    w.raw("</s:Fault></s:Body></s:Envelope>");
    w.into_bytes()
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;
    use crate::codec::Limits;
    use crate::soap::parse_response;
    use crate::{decode_void, Error};

    const NS: &str = "urn:ns";

    #[test]
    fn the_client_reads_every_reply_as_meant() {
        let tz = TimeZone {
            id: 3,
            location_code: Some("NO".into()),
        };
        let extra = [("k".to_owned(), "v<&>".to_owned())];
        let h = ReplyHeaders {
            ns: NS,
            extra_info: &extra,
            time_zone: Some(&tz),
        };
        let ok = write_result(SoapVersion::Soap11, Some(&h), |w| w.empty(NS, "OpResponse"));
        let r = parse_response(200, None, &ok, Limits::default(), decode_void).unwrap();
        assert_eq!(r.headers.succeeded, Some(true));
        assert_eq!(r.headers.extra("k"), Some("v<&>"));
        assert_eq!(r.headers.time_zone, Some(tz.clone()));

        let x = ExceptionInfo {
            message: "Ticket expired".into(),
            exception_type: "SoSecurityException".into(),
            inner: Some(Box::new(ExceptionInfo {
                message: "inner".into(),
                ..Default::default()
            })),
            parameters: vec![("a".into(), "b".into())],
            ..Default::default()
        };
        let failed = write_failure(SoapVersion::Soap11, &h, &x, |w| w.empty(NS, "OpResponse"));
        match parse_response(200, None, &failed, Limits::default(), decode_void) {
            Err(Error::SuperOffice(got)) => {
                assert_eq!(got.exception, x);
                assert_eq!(got.headers.extra("k"), Some("v<&>"));
            }
            other => panic!("{other:?}"),
        }

        for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
            let fault = write_fault(version, true, "bad <input>", Some("why"));
            match parse_response(500, None, &fault, Limits::default(), decode_void) {
                Err(Error::Fault(f)) => {
                    assert_eq!(f.reason, "bad <input>");
                    assert_eq!(f.version, version);
                    let code = if version == SoapVersion::Soap11 {
                        "s:Client"
                    } else {
                        "s:Sender"
                    };
                    assert_eq!(f.code, code);
                    assert_eq!(f.detail.as_deref(), Some("why"));
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
