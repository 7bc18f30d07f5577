//! Hostile and broken JSON responses, read as a REST call reads them
//! (`json::decode_json` with the client's `Limits` and deadline) into generated types:
//! each is a typed `DecodeError`, never a panic, quoting no value, with work bounded by
//! the limits (a flood of members stops at the limit; a deep recursive value at the
//! nesting limit; a passed deadline ends the decode).

use sogen_runtime::json::decode_json;
use sogen_runtime::{DecodeError, DecodeErrorKind as K, Limits};
use sogen_tests::generated::services88::types::ChatMessage;
use sogen_tests::generated::services99::types::{Everything, Node};

fn read<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, DecodeError> {
    decode_json(body, &Limits::default(), None)
}

fn kind<T: serde::de::DeserializeOwned + Default + std::fmt::Debug>(body: &[u8]) -> K {
    read::<T>(body).unwrap_err().kind().clone()
}

#[test]
fn not_json() {
    for body in [
        &b"<html><body>Service unavailable</body></html>"[..],
        b"{\"ChatMessageId\": 1,",
        b"{\"ChatMessageId\": 1} trailing",
        b"{'ChatMessageId': 1}",
        b"{\"ChatMessageId\": 01}",
    ] {
        let k = kind::<ChatMessage>(body);
        assert!(
            matches!(k, K::Json(_)),
            "{k:?} for {:?}",
            String::from_utf8_lossy(body)
        );
    }
    assert_eq!(kind::<ChatMessage>(b"\xEF\xBB\xBF{}"), K::ByteOrderMark);
    assert_eq!(
        kind::<ChatMessage>(b"{\"Message\":\"caf\xC3\"}"),
        K::InvalidUtf8
    );
    let e = read::<ChatMessage>(b"{\"Message\":\"a\xFFb\"}").unwrap_err();
    assert_eq!((e.kind(), e.position().offset), (&K::InvalidUtf8, 13));
}

#[test]
fn values_that_do_not_fit() {
    let out_of_range = kind::<ChatMessage>(br#"{"ChatMessageId": 2147483648}"#);
    assert!(matches!(out_of_range, K::NumberOutOfRange { ref expected } if expected == "i32"));
    let e = read::<ChatMessage>(br#"{"WhenPosted": "pw=hunter2"}"#).unwrap_err();
    assert!(matches!(e.kind(), K::Unexpected { .. }), "{e}");
    assert_eq!(e.path(), "WhenPosted");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    let e = read::<ChatMessage>(br#"{"ReadByCustomer": "hunter2"}"#).unwrap_err();
    assert!(!e.to_string().contains("hunter2"), "{e}");
    assert!(matches!(
        kind::<Everything>(br#"{"Big": -1}"#),
        K::NumberOutOfRange { .. }
    ));
    assert!(matches!(
        kind::<Everything>(br#"{"Ratio": 1e999}"#),
        K::NumberOutOfRange { .. }
    ));
    assert!(matches!(
        kind::<Everything>(br#"{"Blob": "not base64!"}"#),
        K::Unexpected { .. }
    ));
    assert!(matches!(
        kind::<ChatMessage>(b"[1, 2]"),
        K::Unexpected { .. }
    ));
}

#[test]
fn duplicate_members() {
    let k = kind::<ChatMessage>(br#"{"Author": "a", "Author": "b"}"#);
    assert_eq!(k, K::DuplicateKey("Author".into()));
    let k = kind::<ChatMessage>(br#"{"Mood": 1, "Mood": 2}"#);
    assert_eq!(k, K::DuplicateKey("Mood".into()));
    let e = read::<Everything>(br#"{"Values": {"k": 1, "k": 2}}"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.path()),
        (&K::DuplicateKey("k".into()), "Values")
    );
}

#[test]
fn a_flood_of_unknown_members_stops_at_the_limit() {
    let mut body = String::from("{");
    for i in 0..200_000 {
        body += &format!("\"x{i}\":0,");
    }
    body += "\"ChatMessageId\":1}";
    let limits = Limits {
        max_unknown_elements: 1_000,
        ..Limits::default()
    };
    let e = decode_json::<ChatMessage>(body.as_bytes(), &limits, None).unwrap_err();
    assert_eq!(e.kind(), &K::UnknownElementsExceeded { limit: 1_000 });
    assert!(e.is_limit());
    // Spread over many records, they count together.
    let many = format!("[{}]", vec![r#"{"a":1,"b":2}"#; 600].join(","));
    let e = decode_json::<Vec<ChatMessage>>(many.as_bytes(), &limits, None).unwrap_err();
    assert_eq!(e.kind(), &K::UnknownElementsExceeded { limit: 1_000 });
    let fine = decode_json::<Vec<ChatMessage>>(many.as_bytes(), &Limits::default(), None);
    assert_eq!(fine.unwrap().len(), 600);
}

#[test]
fn deep_recursive_values_stop_at_the_nesting_limit() {
    let depth = 300;
    let body = "{\"Parent\":".repeat(depth) + "null" + &"}".repeat(depth);
    let e = read::<Node>(body.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), K::DepthExceeded { limit: 128 }), "{e}");
    let shallow = Limits {
        max_depth: 8,
        ..Limits::default()
    };
    let body = "{\"Parent\":".repeat(9) + "null" + &"}".repeat(9);
    let e = decode_json::<Node>(body.as_bytes(), &shallow, None).unwrap_err();
    assert_eq!(e.kind(), &K::DepthExceeded { limit: 8 });
    let body = "{\"Parent\":".repeat(8) + "null" + &"}".repeat(8);
    assert!(decode_json::<Node>(body.as_bytes(), &shallow, None).is_ok());
}

#[test]
fn size_and_deadline() {
    let limits = Limits {
        max_response_bytes: 1024,
        ..Limits::default()
    };
    let big = format!("{{\"Message\":\"{}\"}}", "x".repeat(2048));
    let e = decode_json::<ChatMessage>(big.as_bytes(), &limits, None).unwrap_err();
    assert!(matches!(e.kind(), K::SizeExceeded { limit: 1024, .. }));
    let list = format!("[{}]", vec!["{}"; 10_000].join(","));
    let passed = std::time::Instant::now();
    let e = decode_json::<Vec<ChatMessage>>(list.as_bytes(), &Limits::default(), Some(passed))
        .unwrap_err();
    assert_eq!(e.kind(), &K::DeadlineExceeded);
}
