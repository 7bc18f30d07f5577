//! The JSON forms of the runtime's types, a hand-written record as generated code writes
//! one, and hostile bodies: each a typed error.

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::*;
use crate::codec::{DecodeErrorKind, Limits};
use crate::{AnyValue, DateTime, Decimal, Duration, ExtensionData, Guid, Map, Offset, QName};

/// A record as `json.rs` of a generated version writes it.
#[derive(Debug, Clone, PartialEq, Default)]
struct Message {
    id: i32,
    text: Option<String>,
    blob: Option<Vec<u8>>,
    score: f64,
    extension_data: ExtensionData,
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = JsonObject::new(s)?;
        m.field("Id", &self.id)?;
        m.field("Text", &self.text)?;
        m.field_as::<AsOption<AsBase64>, _>("Blob", &self.blob)?;
        m.field_as::<AsFloat, _>("Score", &self.score)?;
        m.end(&self.extension_data)
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read_record(d)
    }
}

impl JsonRecord for Message {
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        m: &mut JsonFields<'_, 'de, A>,
    ) -> Result<(), A::Error> {
        match key {
            "Id" => m.value(0, &mut self.id),
            "Text" => m.value(1, &mut self.text),
            "Blob" => m.value_as::<AsOption<AsBase64>, _>(2, &mut self.blob),
            "Score" => m.value_as::<AsFloat, _>(3, &mut self.score),
            _ => m.unknown(key, &mut self.extension_data),
        }
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

fn decode<T: serde::de::DeserializeOwned + Default>(text: &str) -> Result<T, crate::DecodeError> {
    decode_json(text.as_bytes(), &Limits::default(), None)
}

fn kind<T: serde::de::DeserializeOwned + Default + std::fmt::Debug>(text: &str) -> DecodeErrorKind {
    decode::<T>(text).unwrap_err().kind().clone()
}

#[test]
fn a_record_keeps_nil_absent_and_unknown_members() {
    let text = r#"{"Id":7,"Text":null,"Future":{"a":[1,2]},"Blob":"aGk=","Score":"NaN","Zz":1}"#;
    let m: Message = decode(text).unwrap();
    assert_eq!(
        (m.id, m.text.as_deref(), m.blob.as_deref()),
        (7, None, Some(&b"hi"[..]))
    );
    assert!(m.score.is_nan());
    let names: Vec<&str> = m.extension_data.json_members().map(|(n, _)| n).collect();
    assert_eq!(names, ["Future", "Zz"]);
    // Known members in schema order, then the unknown ones as received.
    assert_eq!(
        json(&m),
        r#"{"Id":7,"Text":null,"Blob":"aGk=","Score":"NaN","Future":{"a":[1,2]},"Zz":1}"#
    );
    // Absent members keep their default.
    assert_eq!(decode::<Message>("{}").unwrap(), Message::default());
    assert!(format!("{:?}", m.extension_data).contains("Future (11 bytes)"));
    assert!(!format!("{:?}", m.extension_data).contains("[1,2]"));
}

#[test]
fn runtime_values_in_the_rest_form() {
    let t: DateTime = serde_json::from_str(r#""2020-05-28T14:28:21.5710362+02:00""#).unwrap();
    assert_eq!(
        (t.offset(), t.nanosecond()),
        (Offset::Minutes(120), 571_036_200)
    );
    assert_eq!(json(&t), r#""2020-05-28T14:28:21.5710362+02:00""#);
    for text in [
        r#""2018-12-24T07:34:45-0500""#,
        r#""2002-03-31T18:00:00""#,
        r#""2019-09-23T12:34:45Z""#,
    ] {
        let t: DateTime = serde_json::from_str(text).unwrap();
        assert_eq!(json(&t), text);
    }
    let d: Duration = serde_json::from_str(r#""1.02:03:04""#).unwrap();
    assert_eq!(d, Duration::from_secs(93_784));
    assert_eq!(json(&d), r#""1.02:03:04""#);
    let iso: Duration = serde_json::from_str(r#""PT15M""#).unwrap();
    assert_eq!(json(&iso), r#""00:15:00""#);
    assert_eq!(json(&"P1Y".parse::<Duration>().unwrap()), r#""P1Y""#);
    let dec: Decimal = serde_json::from_str("12.50").unwrap();
    assert_eq!((dec.as_str(), json(&dec)), ("12.50", "12.50".to_owned()));
    let dec: Decimal = serde_json::from_str(r#""-3.0""#).unwrap();
    assert_eq!(dec.as_str(), "-3.0");
    let big: Decimal = serde_json::from_str("79228162514264337593543950335").unwrap();
    assert_eq!(json(&big), "79228162514264337593543950335");
    let g: Guid = serde_json::from_str(r#""6F9619FF-8B86-D011-B42D-00C04FC964FF""#).unwrap();
    assert_eq!(json(&g), r#""6f9619ff-8b86-d011-b42d-00c04fc964ff""#);
    let q = QName {
        namespace: "urn:p".into(),
        local_name: "Thing".into(),
    };
    assert_eq!(json(&q), r#"{"Name":"Thing","Namespace":"urn:p"}"#);
    assert_eq!(serde_json::from_str::<QName>(&json(&q)).unwrap(), q);
    assert_eq!(json(&i64::MAX), "9223372036854775807");
    assert_eq!(decode::<i64>("9223372036854775807").unwrap(), i64::MAX);
}

#[test]
fn dictionaries_are_objects_keyed_by_text() {
    let m: Map<i32, Option<String>> = decode(r#"{"1":"a","2":null}"#).unwrap();
    assert_eq!(m.0, vec![(1, Some("a".into())), (2, None)]);
    assert_eq!(json(&m), r#"{"1":"a","2":null}"#);
    let nil_key = Map(vec![(None::<String>, 1)]);
    assert!(serde_json::to_string(&nil_key).is_err());
    let twice = Map(vec![("a".to_string(), 1), ("a".to_string(), 2)]);
    assert!(serde_json::to_string(&twice).is_err());
    // Same length, same first and last 8 bytes: told apart on the text.
    let alike = Map(vec![
        ("abcdefgh-1-stuvwxyz".to_string(), 1),
        ("abcdefgh-2-stuvwxyz".to_string(), 2),
        ("abcdefgh-1-stuvwxyz".to_string(), 3),
    ]);
    assert!(serde_json::to_string(&Map(alike.0[..2].to_vec())).is_ok());
    assert!(serde_json::to_string(&alike).is_err());
    // A dictionary inside a dictionary's value: each keeps its own names.
    let nested = Map(vec![("x".to_string(), Map(vec![("x".to_string(), 1)]))]);
    assert_eq!(json(&nested), r#"{"x":{"x":1}}"#);
    let mut many: Map<i32, i32> = (0..40).map(|i| (i, i)).collect();
    assert!(serde_json::to_string(&many).is_ok());
    many.push((7, 0));
    assert!(serde_json::to_string(&many).is_err());
    assert!(
        matches!(kind::<Map<String, i32>>(r#"{"a":1,"a":2}"#), DecodeErrorKind::DuplicateKey(k) if k == "a")
    );
    let bytes: Map<String, Vec<u8>> = serde_json::from_str::<AsMapOfBase64>(r#"{"k":"AQI="}"#)
        .unwrap()
        .0;
    assert_eq!(bytes.0, vec![("k".into(), vec![1, 2])]);
}

/// A dictionary of base64 values, read through `AsMap<AsBase64>`.
struct AsMapOfBase64(Map<String, Vec<u8>>);

impl<'de> Deserialize<'de> for AsMapOfBase64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <AsMap<AsBase64> as JsonRead<'de, Map<String, Vec<u8>>>>::read(d).map(AsMapOfBase64)
    }
}

#[test]
fn any_values_take_the_json_type() {
    let read = |t: &str| serde_json::from_str::<AnyValue>(t).unwrap();
    assert_eq!(read("null"), AnyValue::Nil);
    assert_eq!(read("true"), AnyValue::Bool(true));
    assert_eq!(read(r#""x""#), AnyValue::String("x".into()));
    assert_eq!(read("42"), AnyValue::Int(42));
    assert_eq!(read("4294967296"), AnyValue::Long(4_294_967_296));
    assert_eq!(
        read("18446744073709551615"),
        AnyValue::UnsignedLong(u64::MAX)
    );
    assert_eq!(read("1.5"), AnyValue::Double(1.5));
    assert_eq!(read("1.50"), AnyValue::Decimal("1.50".parse().unwrap()));
    assert_eq!(read(r#"{"a":[1]}"#), AnyValue::Json(r#"{"a":[1]}"#.into()));
    for v in [
        AnyValue::Int(-3),
        AnyValue::Double(0.25),
        AnyValue::Json("[1,{}]".into()),
    ] {
        assert_eq!(read(&json(&v)), v);
    }
    let xml_only = AnyValue::Other {
        type_namespace: "urn:x".into(),
        type_name: "Thing".into(),
        xml: "<a/>".into(),
    };
    assert!(serde_json::to_string(&xml_only).is_err());
}

#[test]
fn enumerations_flags_and_variants() {
    #[derive(Debug, PartialEq)]
    struct Name(String);
    impl From<&str> for Name {
        fn from(s: &str) -> Self {
            Name(s.to_owned())
        }
    }
    let mut de = serde_json::Deserializer::from_str(r#""Select,  Update,""#);
    let flags: Vec<Name> = read_flags(&mut de).unwrap();
    assert_eq!(flags, [Name("Select".into()), Name("Update".into())]);
    let mut out = Vec::new();
    write_flags(
        &mut serde_json::Serializer::new(&mut out),
        ["A", "B"].into_iter(),
    )
    .unwrap();
    assert_eq!(out, br#""A, B""#);
    let mut de = serde_json::Deserializer::from_str(r#""Block""#);
    assert_eq!(read_enum::<_, Name>(&mut de).unwrap(), Name("Block".into()));
    let text = r#"{"Rank":1,"StepType":"WaitForTime","Until":null}"#;
    let mut de = serde_json::Deserializer::from_str(text);
    let picked = read_variant(&mut de, "StepType", |tag, json| {
        Ok((
            tag.map(str::to_owned),
            from_json::<ExtensionData>(json)?.len(),
        ))
    })
    .unwrap();
    assert_eq!(picked, (Some("WaitForTime".to_owned()), 3));
}

#[test]
fn hostile_bodies_are_typed_errors() {
    use DecodeErrorKind as K;
    assert_eq!(
        kind::<Message>("{\"Id\":"),
        K::Json("EOF while parsing a value".into())
    );
    assert_eq!(kind::<Message>("<html>"), K::Json("expected value".into()));
    assert_eq!(kind::<Message>("\u{feff}{}"), K::ByteOrderMark);
    assert_eq!(
        decode_json::<Message>(b"{\"Text\":\"\xff\"}", &Limits::default(), None)
            .unwrap_err()
            .kind(),
        &K::InvalidUtf8
    );
    assert!(matches!(kind::<Message>(r#"{"Id":1,"Id":2}"#), K::DuplicateKey(k) if k == "Id"));
    assert!(matches!(kind::<Message>(r#"{"X":1,"X":2}"#), K::DuplicateKey(k) if k == "X"));
    assert!(matches!(
        kind::<Message>(r#"{"Id":2147483648}"#),
        K::NumberOutOfRange { .. }
    ));
    assert!(matches!(
        kind::<Message>(r#"{"Score":1e400}"#),
        K::NumberOutOfRange { .. }
    ));
    let e = decode::<Message>(r#"{"Text":{"secret":"s3cr3t"}}"#).unwrap_err();
    assert!(matches!(e.kind(), K::Unexpected { .. }), "{e}");
    assert_eq!(e.path(), "Text");
    let e = decode::<Message>(r#"{"Id":"s3cr3t"}"#).unwrap_err();
    assert!(!e.to_string().contains("s3cr3t"), "{e}");
    assert_eq!(
        kind::<Vec<i32>>("[1] x"),
        K::Json("trailing characters".into())
    );
    // Kept raw values are skipped without recursion: deep nesting there costs no stack.
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    assert!(matches!(decode::<AnyValue>(&deep), Ok(AnyValue::Json(_))));
    assert_eq!(
        kind::<AnyValue>(&deep[..15_000]),
        K::Json("EOF while parsing a list".into())
    );
    let limits = Limits {
        max_unknown_elements: 2,
        max_depth: 4,
        max_response_bytes: 200,
        ..Limits::default()
    };
    let many = r#"{"A":1,"B":2,"C":3}"#;
    let e = decode_json::<Message>(many.as_bytes(), &limits, None).unwrap_err();
    assert_eq!(e.kind(), &K::UnknownElementsExceeded { limit: 2 });
    assert!(e.is_limit());
    // Bytes of unknown members, counted as written back (`"A":"xxxx",` is 12).
    let bytes = Limits {
        max_unknown_bytes: 20,
        ..Limits::default()
    };
    let big = r#"{"A":"xxxx","B":"yyyy"}"#;
    let e = decode_json::<Message>(big.as_bytes(), &bytes, None).unwrap_err();
    assert_eq!(e.kind(), &K::UnknownBytesExceeded { limit: 20 });
    assert!(e.is_limit());
    let fits = r#"{"A":"xxxx"}"#;
    assert!(decode_json::<Message>(fits.as_bytes(), &bytes, None).is_ok());
    let nested = r#"{"A":{"B":{"C":{"D":{"E":1}}}}}"#;
    let e = decode_json::<Map<String, ExtensionData>>(nested.as_bytes(), &limits, None);
    assert!(
        e.is_ok(),
        "raw unknown members are serde_json's to bound: {e:?}"
    );
    let nested = r#"{"a":{"b":{"c":{"d":{"e":{}}}}}}"#;
    let e = decode_json::<
        Map<String, Map<String, Map<String, Map<String, Map<String, ExtensionData>>>>>,
    >(nested.as_bytes(), &limits, None)
    .unwrap_err();
    assert_eq!(e.kind(), &K::DepthExceeded { limit: 4 });
    let big = format!("[{}]", "1,".repeat(200) + "1");
    let e = decode_json::<Vec<i32>>(big.as_bytes(), &limits, None).unwrap_err();
    assert!(matches!(e.kind(), K::SizeExceeded { limit: 200, .. }));
    let past = std::time::Instant::now();
    let e = decode_json::<Message>(b"{}", &Limits::default(), Some(past)).unwrap_err();
    assert_eq!(e.kind(), &K::DeadlineExceeded);
}

#[test]
fn empty_and_null_bodies_are_the_default() {
    assert_eq!(decode::<Option<Message>>("").unwrap(), None);
    assert_eq!(decode::<Option<Message>>(" null ").unwrap(), None);
    assert_eq!(decode::<Vec<i32>>("null").unwrap(), Vec::<i32>::new());
    assert_eq!(decode::<()>("").unwrap(), ());
}
