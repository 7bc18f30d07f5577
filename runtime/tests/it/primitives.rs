//! Every primitive codec with edge values: encode, decode, and the exact wire text.

use sogen_runtime::{
    AnyValue, DateTime, Decimal, Decode, DecodeErrorKind, Duration, Encode, Guid, Limits, Offset,
    QName, XmlReader, XmlWriter,
};

const NS: &str = "urn:test";

/// The element `<v xmlns="urn:test">...</v>` that `value` encodes to.
fn wire<T: Encode + ?Sized>(value: &T) -> String {
    let mut w = XmlWriter::new();
    value.encode(&mut w, NS, "v");
    String::from_utf8(w.into_bytes()).unwrap()
}

/// The inner text of the encoded element.
fn text<T: Encode + ?Sized>(value: &T) -> String {
    let xml = wire(value);
    let open = xml.find('>').unwrap() + 1;
    let close = xml.rfind("</v>").unwrap();
    xml[open..close].to_owned()
}

fn decode<T: Decode>(xml: &str) -> Result<T, sogen_runtime::DecodeError> {
    let mut r = XmlReader::new(xml.as_bytes(), Limits::default()).unwrap();
    let start = r.next_child()?.unwrap();
    let v = T::decode(&mut r, &start)?;
    assert!(r.next_child()?.is_none(), "decode must consume the element");
    Ok(v)
}

fn roundtrip<T: Encode + Decode + PartialEq + std::fmt::Debug>(value: T) {
    let xml = wire(&value);
    let back: T = decode(&xml).unwrap_or_else(|e| panic!("{xml}: {e}"));
    assert_eq!(back, value, "{xml}");
}

fn invalid<T: Decode + std::fmt::Debug>(inner: &str) -> DecodeErrorKind {
    let xml = format!("<v>{inner}</v>");
    decode::<T>(&xml).unwrap_err().kind().clone()
}

#[test]
fn integers_at_their_limits() {
    roundtrip(i8::MIN);
    roundtrip(i8::MAX);
    roundtrip(i16::MIN);
    roundtrip(i16::MAX);
    roundtrip(i32::MIN);
    roundtrip(i32::MAX);
    roundtrip(i64::MIN);
    roundtrip(i64::MAX);
    roundtrip(0u8);
    roundtrip(u8::MAX);
    roundtrip(u16::MAX);
    roundtrip(u32::MAX);
    roundtrip(u64::MAX);
    assert_eq!(text(&i64::MIN), "-9223372036854775808");
    assert_eq!(text(&u64::MAX), "18446744073709551615");
    assert_eq!(decode::<i32>("<v> +42\n</v>").unwrap(), 42);
    assert!(matches!(
        invalid::<u8>("256"),
        DecodeErrorKind::InvalidValue {
            expected: "unsignedByte",
            ..
        }
    ));
    assert!(matches!(
        invalid::<i64>("9223372036854775808"),
        DecodeErrorKind::InvalidValue { .. }
    ));
    assert!(matches!(
        invalid::<u32>("-1"),
        DecodeErrorKind::InvalidValue { .. }
    ));
    assert!(matches!(
        invalid::<i32>(""),
        DecodeErrorKind::InvalidValue { .. }
    ));
    assert!(matches!(
        invalid::<i32>("1.5"),
        DecodeErrorKind::InvalidValue { .. }
    ));
}

#[test]
fn booleans_in_all_lexical_forms() {
    roundtrip(true);
    roundtrip(false);
    assert_eq!(text(&true), "true");
    assert!(decode::<bool>("<v>1</v>").unwrap());
    assert!(!decode::<bool>("<v> 0 </v>").unwrap());
    assert!(matches!(
        invalid::<bool>("True"),
        DecodeErrorKind::InvalidValue {
            expected: "boolean",
            ..
        }
    ));
}

#[test]
fn floats_with_infinities_and_nan() {
    assert_eq!(text(&f64::INFINITY), "INF");
    assert_eq!(text(&f64::NEG_INFINITY), "-INF");
    assert_eq!(text(&f64::NAN), "NaN");
    assert_eq!(text(&f32::INFINITY), "INF");
    assert_eq!(text(&f32::NAN), "NaN");
    assert_eq!(decode::<f64>("<v>INF</v>").unwrap(), f64::INFINITY);
    assert_eq!(decode::<f64>("<v>-INF</v>").unwrap(), f64::NEG_INFINITY);
    assert!(decode::<f64>("<v>NaN</v>").unwrap().is_nan());
    assert!(decode::<f32>("<v>NaN</v>").unwrap().is_nan());
    for v in [
        0.0,
        -0.0,
        0.1,
        -1.5e-300,
        1.7976931348623157e308,
        f64::MIN_POSITIVE,
        5e-324,
    ] {
        roundtrip(v);
    }
    for v in [0.1f32, f32::MAX, f32::MIN_POSITIVE, -3.25] {
        roundtrip(v);
    }
    assert_eq!(decode::<f64>("<v>1E3</v>").unwrap(), 1000.0);
    // Rust accepts these spellings, XML Schema does not.
    assert!(matches!(
        invalid::<f64>("inf"),
        DecodeErrorKind::InvalidValue {
            expected: "double",
            ..
        }
    ));
    assert!(matches!(
        invalid::<f64>("infinity"),
        DecodeErrorKind::InvalidValue { .. }
    ));
    assert!(matches!(
        invalid::<f32>("nan"),
        DecodeErrorKind::InvalidValue { .. }
    ));
}

#[test]
fn decimals_keep_their_lexical_form() {
    for s in [
        "0",
        "-0.000",
        "+12.50",
        "79228162514264337593543950335",
        ".5",
        "5.",
    ] {
        let d: Decimal = s.parse().unwrap();
        assert_eq!(text(&d), s);
        roundtrip(d);
    }
    for s in ["", "1e5", "1.2.3", "+", "-.", "NaN", "1,5"] {
        assert!(s.parse::<Decimal>().is_err(), "{s}");
    }
    assert!(matches!(
        invalid::<Decimal>("1e5"),
        DecodeErrorKind::InvalidValue {
            expected: "decimal",
            ..
        }
    ));
}

#[test]
fn datetimes_of_all_three_kinds_round_trip_exactly() {
    for s in [
        "2024-02-29T13:45:01",               // no zone (Unspecified)
        "2024-02-29T13:45:01Z",              // UTC
        "2024-02-29T13:45:01.1234567+02:00", // offset, 7 fraction digits as .NET writes
        "2024-02-29T13:45:01.5-09:30",
        "0001-01-01T00:00:00",         // DateTime.MinValue
        "9999-12-31T23:59:59.9999999", // DateTime.MaxValue
        "-0044-03-15T12:00:00Z",
        "2000-01-01T00:00:00.000Z", // trailing zeros kept
        "2000-01-01T00:00:00+14:00",
    ] {
        let t: DateTime = s.parse().unwrap_or_else(|_| panic!("{s}"));
        assert_eq!(t.to_string(), s);
        assert_eq!(text(&t), s);
        roundtrip(t);
    }
    let t: DateTime = "2024-02-29T13:45:01Z".parse().unwrap();
    assert_eq!(t.offset(), Offset::Utc);
    let t: DateTime = "2024-02-29T13:45:01".parse().unwrap();
    assert_eq!(t.offset(), Offset::None);
    let t: DateTime = "2024-02-29T13:45:01-01:30".parse().unwrap();
    assert_eq!(t.offset(), Offset::Minutes(-90));
    assert_eq!(DateTime::default().to_string(), "0001-01-01T00:00:00");
    let built = DateTime::new(2020, 1, 2, 3, 4, 5)
        .unwrap()
        .with_nanos(120_000_000)
        .with_offset(Offset::Utc);
    assert_eq!(built.to_string(), "2020-01-02T03:04:05.12Z");
    for s in [
        "2023-02-29T00:00:00",
        "2024-13-01T00:00:00",
        "2024-01-01T24:00:00",
        "2024-01-01",
        "2024-01-01T00:00",
        "2024-01-01T00:00:00+15:00",
        "2024-01-01T00:00:00.",
        "24-01-01T00:00:00",
        "2024-01-01T00:00:00.1234567890",
    ] {
        assert!(s.parse::<DateTime>().is_err(), "{s}");
    }
    assert!(matches!(
        invalid::<DateTime>("yesterday"),
        DecodeErrorKind::InvalidValue {
            expected: "dateTime",
            ..
        }
    ));
}

#[test]
fn durations() {
    for (s, canonical) in [
        ("PT0S", "PT0S"),
        ("P1DT2H3M4.5S", "P1DT2H3M4.5S"),
        ("-PT0.0000001S", "-PT0.0000001S"),
        ("P1Y2M", "P1Y2M"),
        ("PT36H", "PT36H"),
        ("P0D", "PT0S"),
    ] {
        let d: Duration = s.parse().unwrap_or_else(|_| panic!("{s}"));
        assert_eq!(d.to_string(), canonical);
        roundtrip(d);
    }
    assert_eq!(
        "P1DT1S".parse::<Duration>().unwrap().to_std(),
        Some(std::time::Duration::from_secs(86_401))
    );
    assert_eq!("-PT1S".parse::<Duration>().unwrap().to_std(), None);
    for s in [
        "", "P", "PT", "1D", "P1H", "PT1D", "P1.5D", "PT.5S", "P-1D", "P1M1Y",
    ] {
        assert!(s.parse::<Duration>().is_err(), "{s}");
    }
}

#[test]
fn base64_including_empty() {
    roundtrip(Vec::<u8>::new());
    assert_eq!(wire(&Vec::<u8>::new()), r#"<v xmlns="urn:test"></v>"#);
    roundtrip((0..=255u8).collect::<Vec<_>>());
    assert_eq!(text(&b"hello".to_vec()), "aGVsbG8=");
    // Line breaks inside base64 are allowed.
    assert_eq!(decode::<Vec<u8>>("<v>aGVs\r\nbG8=</v>").unwrap(), b"hello");
    assert_eq!(decode::<Vec<u8>>("<v/>").unwrap(), b"");
    assert!(matches!(
        invalid::<Vec<u8>>("a*b="),
        DecodeErrorKind::InvalidValue {
            expected: "base64Binary",
            ..
        }
    ));
}

#[test]
fn guids() {
    let g: Guid = "00000000-0000-0000-0000-000000000000".parse().unwrap();
    assert_eq!(g, Guid::default());
    let g: Guid = "FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF".parse().unwrap();
    assert_eq!(text(&g), "ffffffff-ffff-ffff-ffff-ffffffffffff");
    roundtrip(g);
    assert!(matches!(
        invalid::<Guid>("{00000000-0000-0000-0000-000000000000}"),
        DecodeErrorKind::InvalidValue {
            expected: "guid",
            ..
        }
    ));
    assert!("0000000g-0000-0000-0000-000000000000"
        .parse::<Guid>()
        .is_err());
}

#[test]
fn chars_travel_as_code_points() {
    assert_eq!(text(&'A'), "65");
    roundtrip('\0');
    roundtrip('é');
    roundtrip('\u{10FFFF}');
    roundtrip('😀');
    assert!(matches!(
        invalid::<char>("55296"),
        DecodeErrorKind::InvalidValue {
            expected: "char",
            ..
        }
    )); // a surrogate
    assert!(matches!(
        invalid::<char>("1114112"),
        DecodeErrorKind::InvalidValue { .. }
    ));
}

#[test]
fn strings_with_entities_character_references_and_cdata() {
    assert_eq!(
        decode::<String>("<v>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</v>").unwrap(),
        "a & b <c> \"d\" 'e'"
    );
    assert_eq!(
        decode::<String>("<v>&#65;&#x42;&#x1F600;</v>").unwrap(),
        "AB😀"
    );
    assert_eq!(
        decode::<String>("<v><![CDATA[<not> &amp; markup]]></v>").unwrap(),
        "<not> &amp; markup"
    );
    assert_eq!(
        decode::<String>("<v>x<![CDATA[<]]>y&amp;z</v>").unwrap(),
        "x<y&z"
    );
    assert_eq!(
        decode::<String>("<v>line1\r\nline2\rline3</v>").unwrap(),
        "line1\nline2\nline3"
    );
    assert_eq!(decode::<String>("<v>&#13;kept</v>").unwrap(), "\rkept");
    assert_eq!(
        decode::<String>("<v><!-- comment -->a<?pi x?>b</v>").unwrap(),
        "ab"
    );
    assert_eq!(decode::<String>("<v/>").unwrap(), "");
    assert_eq!(
        decode::<String>("<v>  spaces kept  </v>").unwrap(),
        "  spaces kept  "
    );
    for s in [
        "",
        "plain",
        "<&>\"'",
        "\r\n\t",
        "]]>",
        "\u{1}\u{1f}",
        "😀 ünïcödé",
        "&amp;",
    ] {
        roundtrip(s.to_owned());
    }
    assert!(
        matches!(invalid::<String>("&nbsp;"), DecodeErrorKind::UnknownEntity(e) if e == "nbsp")
    );
    assert!(matches!(
        invalid::<String>("<b>child</b>"),
        DecodeErrorKind::Unexpected { .. }
    ));
}

#[test]
fn option_nil_and_absent_values() {
    assert_eq!(
        wire(&None::<i32>),
        r#"<v xmlns="urn:test" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#
    );
    roundtrip(None::<String>);
    roundtrip(Some(String::new()));
    roundtrip(Some(-7i32));
    let nil = r#"<v xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"></v>"#;
    assert_eq!(decode::<Option<i32>>(nil).unwrap(), None);
    // A redundant xsi:type on a non-polymorphic element is ignored.
    let typed = r#"<v xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:int">5</v>"#;
    assert_eq!(decode::<i32>(typed).unwrap(), 5);
    // nil="false" is not nil.
    let not_nil =
        r#"<v xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="false">3</v>"#;
    assert_eq!(decode::<Option<i32>>(not_nil).unwrap(), Some(3));
}

#[test]
fn qnames_resolve_their_prefix() {
    let q = QName {
        namespace: "urn:q".into(),
        local_name: "Thing".into(),
    };
    assert_eq!(
        wire(&q),
        r#"<v xmlns="urn:test" xmlns:q="urn:q">q:Thing</v>"#
    );
    roundtrip(q);
    // An unprefixed value takes the default namespace in scope.
    let bare: QName = decode(r#"<v xmlns="urn:d">Bare</v>"#).unwrap();
    assert_eq!(
        bare,
        QName {
            namespace: "urn:d".into(),
            local_name: "Bare".into()
        }
    );
    let mut w = XmlWriter::new();
    QName {
        namespace: String::new(),
        local_name: "Bare".into(),
    }
    .encode(&mut w, "", "v");
    assert_eq!(
        decode::<QName>(std::str::from_utf8(w.as_bytes()).unwrap())
            .unwrap()
            .namespace,
        ""
    );
    assert!(matches!(invalid::<QName>("nope:x"), DecodeErrorKind::UnboundPrefix(p) if p == "nope"));
}

#[test]
fn any_values_by_xsi_type() {
    let values = vec![
        AnyValue::Nil,
        AnyValue::String("a < b".into()),
        AnyValue::Bool(true),
        AnyValue::Byte(i8::MIN),
        AnyValue::Short(i16::MIN),
        AnyValue::Int(i32::MIN),
        AnyValue::Long(i64::MIN),
        AnyValue::UnsignedByte(u8::MAX),
        AnyValue::UnsignedShort(u16::MAX),
        AnyValue::UnsignedInt(u32::MAX),
        AnyValue::UnsignedLong(u64::MAX),
        AnyValue::Float(f32::NEG_INFINITY),
        AnyValue::Double(1e-300),
        AnyValue::Decimal("-1.10".parse().unwrap()),
        AnyValue::DateTime("2024-01-01T00:00:00+01:00".parse().unwrap()),
        AnyValue::Duration("PT1H".parse().unwrap()),
        AnyValue::Base64(vec![0, 1, 2, 255]),
        AnyValue::Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff".parse().unwrap()),
        AnyValue::Char('€'),
        AnyValue::AnyUri("http://x/?a=1&b=2".into()),
        AnyValue::QName(QName {
            namespace: "urn:q".into(),
            local_name: "N".into(),
        }),
        AnyValue::Other {
            type_namespace: "urn:t".into(),
            type_name: "Person".into(),
            xml: "<Name>x</Name>".into(),
        },
    ];
    for v in values {
        roundtrip(v);
    }
    assert!(decode::<AnyValue>(&wire(&AnyValue::Double(f64::NAN)))
        .map(|v| matches!(v, AnyValue::Double(d) if d.is_nan()))
        .unwrap());
    // As WCF writes a StringObjectDictionary value.
    let wcf = r#"<Value xmlns:d4p1="http://www.w3.org/2001/XMLSchema" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="d4p1:int">12</Value>"#;
    assert_eq!(decode::<AnyValue>(wcf).unwrap(), AnyValue::Int(12));
    let ser = r#"<Value xmlns:s="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="s:guid">00000000-0000-0000-0000-000000000001</Value>"#;
    assert!(matches!(
        decode::<AnyValue>(ser).unwrap(),
        AnyValue::Guid(_)
    ));
    // Text without xsi:type is kept as such, and written back without one.
    let untyped = decode::<AnyValue>("<Value>untyped &amp; plain</Value>").unwrap();
    assert_eq!(untyped, AnyValue::Untyped("untyped & plain".into()));
    let mut w = sogen_runtime::XmlWriter::new();
    untyped.encode(&mut w, "", "Value");
    assert_eq!(
        std::str::from_utf8(w.as_bytes()).unwrap(),
        "<Value>untyped &amp; plain</Value>"
    );
    let bad = r#"<Value xmlns:x="http://www.w3.org/2001/XMLSchema" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="x:int">twelve</Value>"#;
    assert!(matches!(
        decode::<AnyValue>(bad).unwrap_err().kind(),
        DecodeErrorKind::InvalidValue { .. }
    ));
}
