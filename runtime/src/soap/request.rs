//! Reads a request envelope (the server side, feature `server`): the SuperOffice request
//! headers, then the body's element, handed to the caller, then the end of the document.
//! [`ReceivedHeaders`] is there without the feature too: a `RequestContext` holds them.

#[cfg(feature = "server")]
use std::time::Instant;

use super::TimeZone;
use crate::Secret;
#[cfg(feature = "server")]
use {
    super::SoapVersion,
    crate::codec::{Decode, DecodeError, ElementStart, Limits, XmlReader},
};

/// The request headers as received: `ApplicationToken`, `Credentials/Ticket`, `TimeZone`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReceivedHeaders {
    pub application_token: Option<Secret>,
    pub ticket: Option<Secret>,
    pub time_zone: Option<TimeZone>,
}

/// Reads `body` as a request envelope of `version` whose headers are in namespace `ns`;
/// `handle` gets the headers and reads the body's element (it must consume it through its
/// end tag). A second element in the Body, a Header after the Body, or anything after the
/// envelope is an error.
#[cfg(feature = "server")]
pub(crate) fn read_request<T>(
    body: &[u8],
    limits: Limits,
    deadline: Option<Instant>,
    version: SoapVersion,
    ns: &str,
    handle: impl FnOnce(
        ReceivedHeaders,
        &mut XmlReader<'_>,
        &ElementStart<'_>,
    ) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut r = XmlReader::new(body, limits)?;
    if let Some(deadline) = deadline {
        r = r.with_deadline(deadline);
    }
    let Some(root) = r.next_child()? else {
        return Err(DecodeError::new(
            crate::DecodeErrorKind::EmptyBody,
            String::new(),
            Default::default(),
        ));
    };
    let env = version.namespace();
    if !root.is(env, "Envelope") {
        let expected = match version {
            SoapVersion::Soap11 => "a SOAP 1.1 Envelope",
            SoapVersion::Soap12 => "a SOAP 1.2 Envelope",
        };
        return Err(r.error(&root, expected));
    }
    let mut headers = None;
    let mut handle = Some(handle);
    let mut outcome = None;
    while let Some(part) = r.next_child()? {
        if part.is(env, "Header") && headers.is_none() && outcome.is_none() {
            headers = Some(read_headers(&mut r, ns)?);
        } else if part.is(env, "Body") && outcome.is_none() {
            let Some(first) = r.next_child()? else {
                return Err(r.error(&part, "a request element inside Body"));
            };
            let handle = handle.take().expect("one Body");
            outcome = Some(handle(headers.take().unwrap_or_default(), &mut r, &first)?);
            if let Some(extra) = r.next_child()? {
                return Err(r.error(&extra, "a single element in Body"));
            }
        } else {
            return Err(r.error(&part, "an optional Header, then the Body"));
        }
    }
    // Nothing but whitespace, comments or PIs may follow the envelope.
    if let Some(extra) = r.next_child()? {
        return Err(r.error(&extra, "the end of the document"));
    }
    outcome.ok_or_else(|| r.error(&root, "a Body element"))
}

/// The children of `Header`: the three NetServer request headers in `ns`; others skipped.
#[cfg(feature = "server")]
fn read_headers(r: &mut XmlReader<'_>, ns: &str) -> Result<ReceivedHeaders, DecodeError> {
    let mut h = ReceivedHeaders::default();
    while let Some(c) = r.next_child()? {
        if c.namespace() != ns {
            r.skip()?;
            continue;
        }
        match c.local_name() {
            "ApplicationToken" => {
                h.application_token = Option::<String>::decode(r, &c)?.map(Secret::new)
            }
            "Credentials" if c.is_nil() => r.skip()?,
            "Credentials" => {
                while let Some(t) = r.next_child()? {
                    if t.local_name() == "Ticket" {
                        h.ticket = Option::<String>::decode(r, &t)?.map(Secret::new);
                    } else {
                        r.skip()?;
                    }
                }
            }
            "TimeZone" => h.time_zone = Option::<TimeZone>::decode(r, &c)?,
            _ => r.skip()?,
        }
    }
    Ok(h)
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;
    use crate::soap::{write_request, RequestHeaders};

    const NS: &str = "urn:ns";

    fn names(body: &[u8]) -> Result<(ReceivedHeaders, String), DecodeError> {
        read_request(
            body,
            Limits::default(),
            None,
            SoapVersion::Soap11,
            NS,
            |h, r, s| {
                let name = s.local_name().to_owned();
                r.skip()?;
                Ok((h, name))
            },
        )
    }

    #[test]
    fn reads_what_the_client_writes() {
        let tz = TimeZone {
            id: 3,
            location_code: Some("NO".into()),
        };
        let sent = RequestHeaders {
            application_token: Some("app"),
            ticket: Some("7T:a&b"),
            time_zone: Some(&tz),
        };
        let body = write_request(SoapVersion::Soap11, NS, &sent, |w| w.leaf(NS, "Ping", "x"));
        let (h, name) = names(&body).unwrap();
        assert_eq!(name, "Ping");
        assert_eq!(h.application_token, Some(Secret::new("app")));
        assert_eq!(h.ticket, Some(Secret::new("7T:a&b")));
        assert_eq!(h.time_zone, Some(tz));
        assert!(!format!("{h:?}").contains("7T:"));
    }

    #[test]
    fn refuses_what_is_not_one_request() {
        let env = |inner: &str| {
            format!(
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">{inner}</s:Envelope>"#
            )
        };
        for bad in [
            env("<s:Body/>"),
            env("<s:Body><A/><B/></s:Body>"),
            env("<s:Body><A/></s:Body><s:Header/>"),
            env("<s:Body><A/></s:Body><s:Body><A/></s:Body>"),
            env("<X/><s:Body><A/></s:Body>"),
            env("<s:Body><A/></s:Body>") + "<more/>",
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><A/></s:Body></s:Envelope>"#.into(),
            "<!DOCTYPE x [<!ENTITY a \"b\">]><x/>".into(),
            String::new(),
        ] {
            assert!(names(bad.as_bytes()).is_err(), "{bad}");
        }
        assert_eq!(
            names(env("<s:Body><A/></s:Body>").as_bytes()).unwrap().1,
            "A"
        );
    }
}
