//! Writes the request envelope: headers (each only when set), then the body.

use super::{SoapVersion, TimeZone};
use crate::codec::{Encode, XmlWriter, XSD_NS, XSI_NS};

/// The request headers of one call. Borrowed from the client's secrets for the time it
/// takes to write them.
pub(crate) struct RequestHeaders<'a> {
    pub application_token: Option<&'a str>,
    pub ticket: Option<&'a str>,
    pub time_zone: Option<&'a TimeZone>,
}

/// The body element written by `body`, alone: the envelope around it is written per
/// attempt, with the ticket current at that time. The envelope declares the `xsi` and
/// `xsd` prefixes, so the body relies on them.
pub(crate) fn write_body(body: impl FnOnce(&mut XmlWriter)) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.set_prefixes_declared();
    body(&mut w);
    w.into_bytes()
}

/// The complete envelope for `version`, headers in namespace `ns`, body written by `body`.
pub(crate) fn write_request(
    version: SoapVersion,
    ns: &str,
    headers: &RequestHeaders<'_>,
    body: impl FnOnce(&mut XmlWriter),
) -> Vec<u8> {
    let mut w = open_envelope(version);
    let any = headers.application_token.is_some()
        || headers.ticket.is_some()
        || headers.time_zone.is_some();
    if any {
        w.raw("<s:Header>");
        if let Some(token) = headers.application_token {
            w.leaf(ns, "ApplicationToken", token);
        }
        if let Some(ticket) = headers.ticket {
            w.open(ns, "Credentials");
            w.leaf(ns, "Ticket", ticket);
            w.close(ns, "Credentials");
        }
        if let Some(tz) = headers.time_zone {
            tz.encode(&mut w, ns, "TimeZone");
        }
        w.raw("</s:Header>");
    }
    w.raw("<s:Body>");
    body(&mut w);
    w.raw("</s:Body></s:Envelope>");
    w.into_bytes()
}

/// A writer holding `<s:Envelope ...>` for `version`, binding `s`, `xsi` and `xsd`: the
/// start of every envelope the runtime writes (requests, and the server's replies).
pub(crate) fn open_envelope(version: SoapVersion) -> XmlWriter {
    let mut w = XmlWriter::new();
    w.raw("<s:Envelope xmlns:s=\"");
    w.raw(version.namespace());
    w.raw("\" xmlns:xsi=\"");
    w.raw(XSI_NS);
    w.raw("\" xmlns:xsd=\"");
    w.raw(XSD_NS);
    w.raw("\">");
    w.set_prefixes_declared();
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

    #[test]
    fn headers_only_when_set() {
        let none = RequestHeaders {
            application_token: None,
            ticket: None,
            time_zone: None,
        };
        let xml = write_request(SoapVersion::Soap11, NS, &none, |w| w.empty(NS, "Ping"));
        assert_eq!(
            std::str::from_utf8(&xml).unwrap(),
            format!(
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"{XSI_NS}\" xmlns:xsd=\"{XSD_NS}\"><s:Body><Ping xmlns=\"{NS}\"/></s:Body></s:Envelope>"
            )
        );
        let tz = TimeZone {
            id: 7,
            location_code: Some("NO".into()),
        };
        let all = RequestHeaders {
            application_token: Some("app"),
            ticket: Some("7T:abc"),
            time_zone: Some(&tz),
        };
        let xml = String::from_utf8(write_request(SoapVersion::Soap12, NS, &all, |_| {})).unwrap();
        assert!(xml.contains("xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""));
        assert!(xml.contains(&format!(
            "<s:Header><ApplicationToken xmlns=\"{NS}\">app</ApplicationToken><Credentials xmlns=\"{NS}\"><Ticket>7T:abc</Ticket></Credentials><TimeZone xmlns=\"{NS}\"><SoTimeZoneId>7</SoTimeZoneId><SoTimeZoneLocationCode>NO</SoTimeZoneLocationCode></TimeZone></s:Header>"
        )));
    }
}
