//! The response envelope reader on its own (`parse_response`): shapes and broken envelopes.

use sogen_runtime::soap::parse_response;
use sogen_runtime::{decode_response, decode_void, DecodeErrorKind, Error, Limits};

const S11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

fn parse(body: &str) -> Result<sogen_runtime::Response<i32>, Error> {
    parse_response(
        200,
        Some("text/xml"),
        body.as_bytes(),
        Limits::default(),
        decode_response::<i32>,
    )
}

fn decode_kind(result: Result<sogen_runtime::Response<i32>, Error>) -> DecodeErrorKind {
    match result {
        Err(Error::Decode(d)) => d.kind().clone(),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn value_headers_and_defaults() {
    let ok = format!(
        r#"<?xml version="1.0"?><s:Envelope xmlns:s="{S11}"><s:Header><ExtraInfo xmlns="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/><Unknown xmlns="urn:x"/></s:Header><s:Body><R xmlns="{NS}"><Response>5</Response></R></s:Body></s:Envelope>"#
    );
    let r = parse(&ok).unwrap();
    assert_eq!(r.value, 5);
    assert!(r.headers.extra_info.is_empty());
    assert_eq!(r.headers.succeeded, None);
    // An absent Response gives the default.
    let empty =
        format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><R xmlns="{NS}"/></s:Body></s:Envelope>"#);
    assert_eq!(parse(&empty).unwrap().value, 0);
}

#[test]
fn broken_envelopes_are_typed_errors() {
    let wrong_ns = format!(
        r#"<s:Envelope xmlns:s="urn:not-soap"><s:Body><R xmlns="{NS}"/></s:Body></s:Envelope>"#
    );
    assert!(
        matches!(decode_kind(parse(&wrong_ns)), DecodeErrorKind::Unexpected { expected, .. } if expected == "a SOAP Envelope")
    );
    let no_body = format!(r#"<s:Envelope xmlns:s="{S11}"><s:Header/></s:Envelope>"#);
    assert!(
        matches!(decode_kind(parse(&no_body)), DecodeErrorKind::Unexpected { expected, .. } if expected == "a Body element")
    );
    let empty_body = format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body/></s:Envelope>"#);
    assert!(matches!(
        decode_kind(parse(&empty_body)),
        DecodeErrorKind::Unexpected { .. }
    ));
    let trailing =
        format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><R/></s:Body></s:Envelope><again/>"#);
    assert!(
        matches!(decode_kind(parse(&trailing)), DecodeErrorKind::Unexpected { expected, .. } if expected == "the end of the document")
    );
    let bad_value = format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Body><R xmlns="{NS}"><Response>five</Response></R></s:Body></s:Envelope>"#
    );
    let Err(Error::Decode(d)) = parse(&bad_value) else {
        panic!()
    };
    assert_eq!(d.path(), "Envelope/Body/R/Response");
    assert_eq!(decode_kind(parse("")), DecodeErrorKind::UnexpectedEof);
    let utf8 = parse_response(
        200,
        None,
        b"<s:Envelope xmlns:s=\"x\">\xC3\x28</s:Envelope>",
        Limits::default(),
        decode_void,
    );
    assert!(
        matches!(utf8, Err(Error::Decode(ref d)) if *d.kind() == DecodeErrorKind::InvalidUtf8),
        "{utf8:?}"
    );
    // Text without any element: no root element before the end.
    assert_eq!(
        decode_kind(parse("plain text, not XML")),
        DecodeErrorKind::UnexpectedEof
    );
}

#[test]
fn non_soap_bodies_under_error_statuses_become_http_errors() {
    for (status, ct, body) in [
        (500, Some("text/plain"), "Internal Server Error"),
        (503, None, ""),
        (404, Some("text/xml"), "<error>not here</error>"),
        (
            200,
            Some("text/html; charset=utf-8"),
            "<html><body>Login</body></html>",
        ),
    ] {
        let err = parse_response(status, ct, body.as_bytes(), Limits::default(), decode_void)
            .unwrap_err();
        assert!(
            matches!(err, Error::Http { status: s, .. } if s == status),
            "{status}: {err:?}"
        );
    }
    // A well-formed envelope without fault under 500 is still an HTTP error, not a value.
    let ok = format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><R/></s:Body></s:Envelope>"#);
    assert!(matches!(
        parse_response(500, None, ok.as_bytes(), Limits::default(), decode_void),
        Err(Error::Http { status: 500, .. })
    ));
}

#[test]
fn superoffice_failure_messages_read_well() {
    let body = format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Header><ExceptionInfo xmlns="{NS}"><Message>No access</Message><ExceptionType>SoSecurityException</ExceptionType><InnerException><Message>ticket expired</Message></InnerException></ExceptionInfo></s:Header><s:Body><R xmlns="{NS}"/></s:Body></s:Envelope>"#
    );
    let err = parse(&body).unwrap_err();
    assert_eq!(
        err.to_string(),
        "SuperOffice error: SoSecurityException: No access (inner: ticket expired)"
    );
    let body = format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Header><Succeeded xmlns="{NS}">false</Succeeded></s:Header><s:Body><R xmlns="{NS}"/></s:Body></s:Envelope>"#
    );
    assert_eq!(
        parse(&body).unwrap_err().to_string(),
        "SuperOffice error: the server reported Succeeded=false"
    );
}
