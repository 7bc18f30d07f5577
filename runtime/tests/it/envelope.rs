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
    assert_eq!(decode_kind(parse("")), DecodeErrorKind::EmptyBody);
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
    let Err(Error::Decode(d)) = parse("<?xml version=\"1.0\"?>\n") else {
        panic!()
    };
    assert_eq!((d.position().line, d.position().column), (2, 1), "{d}");
}

#[test]
fn empty_bodies_say_so() {
    for (status, body) in [(200, ""), (204, ""), (200, " \r\n\t"), (304, "")] {
        let err = parse_response(
            status,
            None,
            body.as_bytes(),
            Limits::default(),
            decode_void,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("empty body"), "{status}: {text}");
        assert!(!text.contains("line 0"), "{status}: {text}");
        match status {
            304 => assert!(matches!(err, Error::Http { status: 304, .. }), "{err:?}"),
            _ => assert!(
                matches!(err, Error::Decode(ref d) if *d.kind() == DecodeErrorKind::EmptyBody),
                "{err:?}"
            ),
        }
    }
}

const FAULT: &str =
    "<s:Fault><faultcode>s:Server</faultcode><faultstring>late failure</faultstring></s:Fault>";

#[test]
fn a_fault_anywhere_in_the_body_is_the_answer() {
    let result = format!(r#"<R xmlns="{NS}"><Response>5</Response></R>"#);
    for body in [
        format!("{result}{FAULT}"),
        format!("{FAULT}{result}"),
        format!("{result}<Other/>{FAULT}"),
    ] {
        let xml = format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body>{body}</s:Body></s:Envelope>"#);
        let err = parse(&xml).unwrap_err();
        assert!(
            matches!(err, Error::Fault(ref f) if f.reason == "late failure"),
            "{body}: {err:?}"
        );
    }
    let s12 = "http://www.w3.org/2003/05/soap-envelope";
    let xml = format!(
        r#"<e:Envelope xmlns:e="{s12}"><e:Body>{result}<e:Fault><e:Code><e:Value>e:Receiver</e:Value></e:Code><e:Reason><e:Text>late</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>"#
    );
    assert!(matches!(parse(&xml), Err(Error::Fault(f)) if f.reason == "late"));
}

#[test]
fn a_header_after_the_body_or_twice_is_refused() {
    let header = format!(
        r#"<s:Header><ExceptionInfo xmlns="{NS}"><Message>No access</Message></ExceptionInfo></s:Header>"#
    );
    let body = format!(r#"<s:Body><R xmlns="{NS}"><Response>5</Response></R></s:Body>"#);
    for parts in [
        format!("{body}{header}"),
        format!("<s:Header/>{header}{body}"),
        format!("{body}{body}"),
    ] {
        let xml = format!(r#"<s:Envelope xmlns:s="{S11}">{parts}</s:Envelope>"#);
        assert!(
            matches!(decode_kind(parse(&xml)), DecodeErrorKind::Unexpected { .. }),
            "{parts}"
        );
    }
    // Before the Body, as SOAP requires, the failure is reported.
    let xml = format!(r#"<s:Envelope xmlns:s="{S11}">{header}{body}</s:Envelope>"#);
    assert!(matches!(parse(&xml), Err(Error::SuperOffice(_))));
}

/// A hostile body's names reach error messages shortened.
#[test]
fn error_messages_quote_long_names_briefly() {
    let huge = "N".repeat(30 << 20);
    let long = "L".repeat(100_000);
    let cases = [
        // Not an envelope: the root element is named.
        format!("<{huge}/>"),
        // On the path of a decode error.
        format!(
            r#"<s:Envelope xmlns:s="{S11}"><s:Body><{long} xmlns="{NS}"><Response>five</Response></{long}></s:Body></s:Envelope>"#
        ),
        // Mismatched end tag (the parser's own message quotes both names).
        format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><{long}></{long}x></s:Body></s:Envelope>"#),
        format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><{long}:R/></s:Body></s:Envelope>"#),
        format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><R>&{long};</R></s:Body></s:Envelope>"#),
        format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><R a="&{long};"/></s:Body></s:Envelope>"#),
        format!(
            r#"<s:Envelope xmlns:s="{S11}"><s:Body><R xmlns="{NS}"><Response><{long}/></Response></R></s:Body></s:Envelope>"#
        ),
    ];
    for (i, xml) in cases.iter().enumerate() {
        let err = parse(xml).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(text.len() < 2_000, "case {i}: {} characters", text.len());
        assert!(
            text.contains("NNN") || text.contains("LLL"),
            "case {i}: {text}"
        );
    }
    let fault = format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Body><s:Fault><faultcode>{long}</faultcode><faultstring>{long}</faultstring></s:Fault></s:Body></s:Envelope>"#
    );
    let err = parse(&fault).unwrap_err();
    assert!(err.to_string().len() < 1_000);
    assert!(
        matches!(err, Error::Fault(f) if f.reason.len() == long.len()),
        "the fault keeps it whole"
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
