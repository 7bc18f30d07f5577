//! Value strategies for the generated `Arbitrary` impls (`Builder::arbitrary`):
//! primitives limited to what XML can carry and the runtime types.

use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use sogen_runtime::{
    AnyValue, DateTime, Decimal, Duration, ExtensionData, Guid, Limits, QName, XmlReader,
};

/// A generated type `depth` levels down; its default once depth runs out.
pub fn nested<T>(depth: u32) -> BoxedStrategy<T>
where
    T: Arbitrary<Parameters = u32> + Default + Clone + std::fmt::Debug + 'static,
    T::Strategy: 'static,
{
    if depth == 0 {
        Just(T::default()).boxed()
    } else {
        proptest::arbitrary::any_with::<T>(depth - 1).boxed()
    }
}

thread_local! {
    static LISTED_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static JSON_FORM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While `on`, strategies built on this thread draw values as the REST wire carries
/// them: unknown members as JSON, `anyType` values of the JSON types, no derived
/// polymorphic value JSON cannot tell apart (see `sogen_runtime::json`); by default as
/// the SOAP wire does.
pub fn json_form(on: bool) {
    JSON_FORM.with(|c| c.set(on));
}

fn json() -> bool {
    JSON_FORM.with(|c| c.get())
}

/// A dictionary of `pairs`; with [`json_form`], without nil keys or keys of the same
/// text (a JSON object has neither).
pub fn dictionary<K, V>(
    pairs: BoxedStrategy<Vec<(K, V)>>,
) -> BoxedStrategy<sogen_runtime::Map<K, V>>
where
    K: serde::Serialize + std::fmt::Debug + 'static,
    V: std::fmt::Debug + 'static,
{
    if !json() {
        return pairs.prop_map(sogen_runtime::Map).boxed();
    }
    pairs
        .prop_map(|pairs| {
            let mut names = std::collections::HashSet::new();
            let kept = pairs
                .into_iter()
                .filter(|(k, _)| match serde_json::to_value(k) {
                    Ok(serde_json::Value::String(s)) => names.insert(s),
                    Ok(serde_json::Value::Number(n)) => names.insert(n.to_string()),
                    _ => false,
                });
            sogen_runtime::Map(kept.collect())
        })
        .boxed()
}

/// A polymorphic value without a JSON discriminator: the base, or (unless [`json_form`]
/// is on) any derived type.
pub fn variants<T>(base: BoxedStrategy<T>, derived: Vec<BoxedStrategy<T>>) -> BoxedStrategy<T>
where
    T: std::fmt::Debug + 'static,
{
    if json() || derived.is_empty() {
        return base;
    }
    let mut all = vec![base];
    all.extend(derived);
    proptest::strategy::Union::new(all).boxed()
}

/// While `on`, strategies built on this thread draw only the values an
/// enumeration lists (what a schema accepts); by default a quarter of the
/// values are unlisted words (the `Unknown` fallback a newer server sends).
pub fn listed_only(on: bool) {
    LISTED_ONLY.with(|c| c.set(on));
}

/// An enumeration's values: `listed` ones and, unless [`listed_only`] is
/// on (or nothing is listed), `unlisted` ones.
pub fn enumeration<T>(listed: Vec<T>, unlisted: BoxedStrategy<T>) -> BoxedStrategy<T>
where
    T: Clone + std::fmt::Debug + 'static,
{
    if listed.is_empty() {
        unlisted
    } else if LISTED_ONLY.with(|c| c.get()) {
        proptest::sample::select(listed).boxed()
    } else {
        prop_oneof![3 => proptest::sample::select(listed), 1 => unlisted].boxed()
    }
}

/// Unknown child elements, as a newer server sends them: a namespaced element with an
/// attribute, text and a child (none while [`listed_only`] is on: a schema rejects them).
pub fn extension_data() -> BoxedStrategy<ExtensionData> {
    if LISTED_ONLY.with(|c| c.get()) {
        return Just(ExtensionData::default()).boxed();
    }
    if json() {
        // Members a newer server adds: any JSON value, kept as text.
        let value = prop_oneof![
            Just("null".to_owned()),
            any::<i64>().prop_map(|n| n.to_string()),
            string().prop_map(|s| serde_json::to_string(&s).expect("a string")),
            (string(), any::<bool>()).prop_map(|(s, b)| {
                serde_json::json!({"Text": s, "Flags": [b, null]}).to_string()
            }),
        ];
        return proptest::collection::vec((word(), value), 0..3)
            .prop_map(|members| {
                let body: Vec<String> = (members.iter().enumerate())
                    .map(|(i, (name, value))| format!("\"SogenAdded{i}{name}\":{value}"))
                    .collect();
                serde_json::from_str(&format!("{{{}}}", body.join(",")))
                    .expect("an object of unknown members")
            })
            .boxed();
    }
    proptest::collection::vec((word(), string()), 0..3)
        .prop_map(|elements| {
            let mut xml = String::from(r#"<r xmlns="urn:sogen:new" xmlns:n="urn:sogen:newer">"#);
            for (i, (name, text)) in elements.iter().enumerate() {
                let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                xml += &format!(
                    r#"<n:SogenAdded{i}{name} n:flag="1"><Part>{text}</Part></n:SogenAdded{i}{name}>"#
                );
            }
            xml += "</r>";
            let mut r = XmlReader::new(xml.as_bytes(), Limits::default()).expect("well-formed");
            r.next_child().expect("the root");
            let mut extension = ExtensionData::default();
            while r.next_child().expect("well-formed").is_some() {
                extension.read(&mut r).expect("well-formed");
            }
            extension
        })
        .boxed()
}

/// Text XML can carry, markup characters and entities included.
pub fn string() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 <>&'\"]{1,12}",
        "\\PC{0,8}".prop_filter("XML 1.0 characters", |s| s.chars().all(xml_char)),
    ]
    .boxed()
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\r'
}

/// A token without whitespace (unlisted enumeration values).
pub fn word() -> BoxedStrategy<String> {
    "[A-Z][a-zA-Z0-9]{0,8}".boxed()
}

/// Any `f32` but NaN (NaN != NaN; the runtime's own tests cover it).
pub fn f32() -> BoxedStrategy<f32> {
    any::<f32>().prop_filter("not NaN", |f| !f.is_nan()).boxed()
}

/// Any `f64` but NaN.
pub fn f64() -> BoxedStrategy<f64> {
    any::<f64>().prop_filter("not NaN", |f| !f.is_nan()).boxed()
}

/// A character XML can carry.
pub fn char() -> BoxedStrategy<char> {
    any::<char>()
        .prop_filter("XML 1.0 character", |c| xml_char(*c))
        .boxed()
}

/// Bytes for base64.
pub fn bytes() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..16).boxed()
}

/// A decimal in its lexical form.
pub fn decimal() -> BoxedStrategy<Decimal> {
    "-?[1-9][0-9]{0,8}(\\.[0-9]{1,4})?"
        .prop_map(|s| s.parse().expect("a valid decimal"))
        .boxed()
}

/// A dateTime of each kind: no zone, `Z`, or an offset; with or without fractions.
pub fn date_time() -> BoxedStrategy<DateTime> {
    (
        1u32..9999,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        0u32..60,
        0usize..3,
        "(\\.[0-9]{1,7})?",
    )
        .prop_map(|(y, mo, d, h, mi, s, zone, frac)| {
            // The REST API also writes offsets without a colon; JSON keeps that form.
            let zone = ["", "Z", if json() { "-0530" } else { "+02:00" }][zone];
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{zone}")
                .parse()
                .expect("a valid dateTime")
        })
        .boxed()
}

/// A duration.
pub fn duration() -> BoxedStrategy<Duration> {
    (0u64..100_000, 0u32..1_000_000_000)
        .prop_map(|(s, n)| Duration::from_std(std::time::Duration::new(s, n)))
        .boxed()
}

/// A guid.
pub fn guid() -> BoxedStrategy<Guid> {
    any::<[u8; 16]>().prop_map(Guid).boxed()
}

/// A QName.
pub fn qname() -> BoxedStrategy<QName> {
    ("[a-z]{1,5}", "[A-Za-z][A-Za-z0-9]{0,6}")
        .prop_map(|(ns, local)| QName {
            namespace: format!("urn:{ns}"),
            local_name: local,
        })
        .boxed()
}

/// An `xsi:type`-tagged anyType value; with [`json_form`], a value of a JSON type (what
/// reading JSON gives: JSON carries no type).
pub fn any_value() -> BoxedStrategy<AnyValue> {
    if json() {
        return prop_oneof![
            Just(AnyValue::Nil),
            string().prop_map(AnyValue::String),
            any::<bool>().prop_map(AnyValue::Bool),
            any::<i32>().prop_map(AnyValue::Int),
            (i64::from(i32::MAX) + 1..i64::MAX).prop_map(AnyValue::Long),
            (i64::MAX as u64 + 1..u64::MAX).prop_map(AnyValue::UnsignedLong),
            (-1e12f64..1e12).prop_map(AnyValue::Double),
            "-?[1-9][0-9]{0,4}\\.[0-9]{1,3}0"
                .prop_map(|s| AnyValue::Decimal(s.parse().expect("a decimal"))),
            (string(), any::<i32>()).prop_map(|(s, n)| {
                AnyValue::Json(serde_json::json!({"A": [s, n], "B": null}).to_string())
            }),
        ]
        .boxed();
    }
    prop_oneof![
        Just(AnyValue::Nil),
        string().prop_map(AnyValue::String),
        string().prop_map(AnyValue::Untyped),
        any::<bool>().prop_map(AnyValue::Bool),
        any::<i32>().prop_map(AnyValue::Int),
        any::<i64>().prop_map(AnyValue::Long),
        f64().prop_map(AnyValue::Double),
        decimal().prop_map(AnyValue::Decimal),
        date_time().prop_map(AnyValue::DateTime),
        guid().prop_map(AnyValue::Guid),
        bytes().prop_map(AnyValue::Base64),
    ]
    .boxed()
}
