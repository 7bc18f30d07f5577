//! The runtime's value types in the REST form: `DateTime`, `Guid` and `Duration` as
//! strings, `Decimal` as an exact number, `QName` as `{"Name", "Namespace"}`,
//! `AnyValue` as whatever JSON value it holds, `Map` as an object, `ExtensionData` as
//! an object of its unknown members.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::context::{duplicate, invalid, Nested};
use super::forms::{As, AsBase64, AsFloat, AsIs, JsonRead, JsonWrite, Seed};
use super::key::{key_text, with_scratch, KeyFrom};
use super::record::KeySeed;
use crate::{AnyValue, DateTime, Decimal, Duration, ExtensionData, Guid, Map, QName};

/// Reads a string and parses it with `FromStr`.
fn parse_str<'de, D: Deserializer<'de>, T: FromStr>(
    d: D,
    expected: &'static str,
) -> Result<T, D::Error> {
    struct V<T>(&'static str, PhantomData<T>);
    impl<T: FromStr> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} string", self.0)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
            s.parse().map_err(|_| invalid(self.0))
        }
    }
    d.deserialize_str(V(expected, PhantomData))
}

/// `"2020-05-28T14:28:21.5710362+02:00"`: offset, fraction digits and the colon of the
/// offset (`+0200`) as received.
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.json_text().as_str())
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_str(d, "dateTime")
    }
}

/// `"6f9619ff-8b86-d011-b42d-00c04fc964ff"`.
impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_str(d, "guid")
    }
}

/// A .NET `TimeSpan` in its `"c"` form, `[-][d.]hh:mm:ss[.fffffff]`, as the server writes
/// it (`"00:15:00"`); a duration with years or months, or finer than 100 ns, has no such
/// form and is written as `xs:duration` (`"P1M"`). Both forms are read.
impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match c_form(self) {
            Some(text) => s.serialize_str(&text),
            None => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TimeSpan (\"1.02:03:04.5\") or an xs:duration (\"P1DT2H\")")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Duration, E> {
                let iso = s.trim_start_matches('-').starts_with('P');
                let parsed = if iso { s.parse().ok() } else { parse_c_form(s) };
                parsed.ok_or_else(|| invalid("TimeSpan"))
            }
        }
        d.deserialize_str(V)
    }
}

/// The `"c"` form of `d`, if it has one.
fn c_form(d: &Duration) -> Option<String> {
    if d.years != 0 || d.months != 0 || d.nanos >= 1_000_000_000 || !d.nanos.is_multiple_of(100) {
        return None;
    }
    let secs = d
        .days
        .checked_mul(86_400)?
        .checked_add(d.hours.checked_mul(3_600)?)?
        .checked_add(d.minutes.checked_mul(60)?)?
        .checked_add(d.seconds)?;
    let mut out = String::new();
    if d.negative {
        out.push('-');
    }
    let (days, rest) = (secs / 86_400, secs % 86_400);
    if days > 0 {
        let _ = write!(out, "{days}.");
    }
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        rest / 3_600,
        rest / 60 % 60,
        rest % 60
    );
    if d.nanos != 0 {
        let _ = write!(out, ".{:07}", d.nanos / 100);
    }
    Some(out)
}

/// `[-][d.]hh:mm[:ss[.f{1,9}]]`.
fn parse_c_form(s: &str) -> Option<Duration> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let num = |t: &str| -> Option<u64> {
        (!t.is_empty() && t.len() <= 19 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (days, clock) = match s.split_once(':') {
        Some((head, _)) => match head.split_once('.') {
            Some((d, _)) => (num(d)?, &s[d.len() + 1..]),
            None => (0, s),
        },
        None => return None,
    };
    let mut parts = clock.splitn(3, ':');
    let hours = num(parts.next()?)?;
    let minutes = num(parts.next()?)?;
    let (seconds, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let nanos = if sec.contains('.') {
                if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                frac.parse::<u32>().ok()? * 10u32.pow(9 - frac.len() as u32)
            } else {
                0
            };
            (num(whole)?, nanos)
        }
    };
    if hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(Duration {
        negative,
        days,
        hours,
        minutes,
        seconds,
        nanos,
        ..Duration::default()
    })
}

/// A JSON number with the decimal's exact digits (`12.50` stays `12.50`); only what JSON
/// cannot spell changes (`+5` -> `5`, `.5` -> `0.5`, `5.` -> `5`, `007` -> `7`). Read from
/// a number or a string, exactly.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = json_number(self.as_str());
        let raw = RawValue::from_string(text).map_err(S::Error::custom)?;
        raw.serialize(s)
    }
}

/// `text` (a valid `xs:decimal`) as a JSON number.
fn json_number(text: &str) -> String {
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => ("", &text[1..]),
        _ => ("", text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(d)?;
        let text = raw.get();
        let parsed = if text.starts_with('"') {
            serde_json::from_str::<String>(text)
                .ok()
                .and_then(|s| s.parse().ok())
        } else {
            text.parse().ok()
        };
        parsed.ok_or_else(|| invalid("decimal"))
    }
}

/// `{"Name": "Thing", "Namespace": "urn:p"}`, the public properties of .NET's
/// `XmlQualifiedName` (others, such as `IsEmpty`, are ignored when read).
impl Serialize for QName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("Name", &self.local_name)?;
        m.serialize_entry("Namespace", &self.namespace)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for QName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = QName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with Name and Namespace")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<QName, A::Error> {
                let _nested = Nested::enter::<A::Error>()?;
                let (mut name, mut namespace) = (None, None);
                let mut seen = HashSet::new();
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    if !seen.insert(key.clone()) {
                        return Err(duplicate(&key));
                    }
                    match &*key {
                        "Name" => name = map.next_value::<Option<String>>()?,
                        "Namespace" => namespace = map.next_value::<Option<String>>()?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(QName {
                    namespace: namespace.unwrap_or_default(),
                    local_name: name.unwrap_or_default(),
                })
            }
        }
        d.deserialize_map(V)
    }
}

/// An `anyType` value as the JSON value it is: `null`, a string, a boolean, a number
/// (floats that are not finite as `"NaN"`, ...), dates, durations, guids and base64 as
/// strings, [`AnyValue::Json`] as its JSON text. [`AnyValue::Other`] (an XML type) cannot
/// be written as JSON: an error.
impl Serialize for AnyValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AnyValue::Nil => s.serialize_unit(),
            AnyValue::String(v) | AnyValue::Untyped(v) | AnyValue::AnyUri(v) => s.serialize_str(v),
            AnyValue::Bool(v) => s.serialize_bool(*v),
            AnyValue::Byte(v) => s.serialize_i8(*v),
            AnyValue::Short(v) => s.serialize_i16(*v),
            AnyValue::Int(v) => s.serialize_i32(*v),
            AnyValue::Long(v) => s.serialize_i64(*v),
            AnyValue::UnsignedByte(v) => s.serialize_u8(*v),
            AnyValue::UnsignedShort(v) => s.serialize_u16(*v),
            AnyValue::UnsignedInt(v) => s.serialize_u32(*v),
            AnyValue::UnsignedLong(v) => s.serialize_u64(*v),
            AnyValue::Float(v) => AsFloat::write(v, s),
            AnyValue::Double(v) => AsFloat::write(v, s),
            AnyValue::Decimal(v) => v.serialize(s),
            AnyValue::DateTime(v) => v.serialize(s),
            AnyValue::Duration(v) => v.serialize(s),
            AnyValue::Base64(v) => <AsBase64 as JsonWrite<Vec<u8>>>::write(v, s),
            AnyValue::Guid(v) => v.serialize(s),
            AnyValue::Char(v) => s.serialize_char(*v),
            AnyValue::QName(v) => v.serialize(s),
            AnyValue::Json(text) => RawValue::from_string(text.clone())
                .map_err(S::Error::custom)?
                .serialize(s),
            AnyValue::Other { type_name, .. } => Err(S::Error::custom(format_args!(
                "an anyType value of XML type {:?} has no JSON form",
                crate::codec::excerpt(type_name, 100)
            ))),
        }
    }
}

/// JSON carries no type: a string is [`AnyValue::String`], `true`/`false`
/// [`AnyValue::Bool`], `null` [`AnyValue::Nil`], an integer the first of `Int`, `Long`,
/// `UnsignedLong`, `Decimal` that holds it, another number `Double` when writing that
/// double gives the same text back, else `Decimal`; objects and arrays
/// [`AnyValue::Json`].
impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(d)?;
        let text = raw.get();
        Ok(match text.as_bytes().first() {
            Some(b'n') => AnyValue::Nil,
            Some(b't') => AnyValue::Bool(true),
            Some(b'f') => AnyValue::Bool(false),
            Some(b'"') => AnyValue::String(
                serde_json::from_str(text).map_err(|_| invalid::<D::Error>("string"))?,
            ),
            Some(b'{' | b'[') => AnyValue::Json(text.to_owned()),
            _ => any_number(text).ok_or_else(|| invalid("number"))?,
        })
    }
}

fn any_number(text: &str) -> Option<AnyValue> {
    if !text.contains(['.', 'e', 'E']) {
        return Some(if let Ok(v) = text.parse::<i32>() {
            AnyValue::Int(v)
        } else if let Ok(v) = text.parse::<i64>() {
            AnyValue::Long(v)
        } else if let Ok(v) = text.parse::<u64>() {
            AnyValue::UnsignedLong(v)
        } else {
            AnyValue::Decimal(text.parse().ok()?)
        });
    }
    let v: f64 = text.parse().ok()?;
    if v.is_finite() && serde_json::to_string(&v).ok().as_deref() == Some(text) {
        return Some(AnyValue::Double(v));
    }
    Some(match text.parse::<Decimal>() {
        Ok(d) => AnyValue::Decimal(d),
        Err(_) => AnyValue::Double(v),
    })
}

/// An object keyed by the keys' text (an `int` key as `"12"`): Newtonsoft's form of a
/// dictionary. A nil key, or two keys with the same text, cannot be written: an error.
impl<K: Serialize, V: Serialize> Serialize for Map<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_map::<AsIs, K, V, S>(self, s)
    }
}

/// From an object; keys parsed from the member names, pairs in order; a member given
/// twice is an error.
impl<'de, K: DeserializeOwned, V: Deserialize<'de>> Deserialize<'de> for Map<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read_map::<AsIs, K, V, D>(d)
    }
}

pub(crate) fn write_map<F: JsonWrite<V>, K: Serialize, V, S: Serializer>(
    map: &[(K, V)],
    s: S,
) -> Result<S::Ok, S::Error> {
    // Names go through one buffer. A repeated one fails the whole value (nothing written
    // is used then): found by a hash of each while few, confirmed on the text; among
    // many, by the exact texts in a randomly seeded set (no crafted collisions).
    const FEW: usize = 16;
    let mut hashes = [0u64; FEW];
    let mut seen = HashSet::new();
    let mut m = s.serialize_map(Some(map.len()))?;
    with_scratch(|name| {
        for (i, (k, v)) in map.iter().enumerate() {
            key_text(k, name).map_err(S::Error::custom)?;
            let repeated = if map.len() <= FEW {
                let h = fingerprint(name);
                let earlier = |j: usize| {
                    let mut text = String::new();
                    key_text(&map[j].0, &mut text).is_ok() && text == *name
                };
                let twice = (0..i).any(|j| hashes[j] == h && earlier(j));
                hashes[i] = h;
                twice
            } else {
                !seen.insert(name.clone())
            };
            if repeated {
                return Err(S::Error::custom(format_args!(
                    "the dictionary key {:?} appears twice: a JSON object cannot hold both",
                    crate::codec::excerpt(name, 100)
                )));
            }
            m.serialize_entry(name.as_str(), &As::<F, V>::new(v))?;
        }
        Ok(())
    })?;
    m.end()
}

/// A cheap fingerprint of a name (its length and first and last 8 bytes), for the few
/// keys of most dictionaries: equal fingerprints are confirmed on the text, so a weak
/// one costs a comparison, never a wrong answer.
fn fingerprint(text: &str) -> u64 {
    let b = text.as_bytes();
    let len = b.len() as u64;
    match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        // Whole words, loaded as they are (no bytes copied into a buffer first).
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head)
            ^ u64::from_le_bytes(*tail).rotate_left(29))
        .wrapping_add(len),
        _ => b.iter().fold(len, |h, &c| (h << 8) | u64::from(c)),
    }
}

pub(crate) fn read_map<'de, F: JsonRead<'de, V>, K: DeserializeOwned, V, D: Deserializer<'de>>(
    d: D,
) -> Result<Map<K, V>, D::Error> {
    struct Vis<F, K, V>(PhantomData<(F, K, V)>);
    impl<'de, F: JsonRead<'de, V>, K: DeserializeOwned, V> Visitor<'de> for Vis<F, K, V> {
        type Value = Map<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let _nested = Nested::enter::<A::Error>()?;
            let mut pairs = Vec::new();
            let mut names = HashSet::new();
            while let Some(name) = map.next_key_seed(KeySeed)? {
                if !names.insert(name.clone()) {
                    return Err(duplicate(&name));
                }
                let key = K::deserialize(KeyFrom::<A::Error>(&name, PhantomData))?;
                let value = map.next_value_seed(Seed::<F, V>::new())?;
                pairs.push((key, value));
            }
            Ok(Map(pairs))
        }
    }
    d.deserialize_map(Vis::<F, K, V>(PhantomData))
}

/// The unknown JSON members of a record ([`ExtensionData`]'s JSON part), in order.
#[derive(Clone, Default)]
pub struct JsonMembers(Vec<(String, Box<RawValue>)>);

impl JsonMembers {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), &**v))
    }

    pub(crate) fn push(&mut self, name: String, value: Box<RawValue>) {
        self.0.push((name, value));
    }

    /// Names and sizes, for `Debug`.
    pub(crate) fn shapes(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(k, v)| {
                format!(
                    "{} ({} bytes)",
                    crate::codec::excerpt(k, 100),
                    v.get().len()
                )
            })
            .collect()
    }
}

impl PartialEq for JsonMembers {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && (self.0.iter().zip(&other.0)).all(|(a, b)| a.0 == b.0 && a.1.get() == b.1.get())
    }
}

impl Eq for JsonMembers {}

impl std::hash::Hash for JsonMembers {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for (k, v) in &self.0 {
            k.hash(h);
            v.get().hash(h);
        }
    }
}

/// Its unknown JSON members, as an object (the XML elements have no JSON form and are
/// left out).
impl Serialize for ExtensionData {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (name, value) in self.json_members() {
            m.serialize_entry(name, value)?;
        }
        m.end()
    }
}

/// Every member of an object, kept as unknown JSON members.
impl<'de> Deserialize<'de> for ExtensionData {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Default)]
        struct All(ExtensionData);
        impl super::JsonRecord for All {
            fn read_member<'de, A: MapAccess<'de>>(
                &mut self,
                key: &str,
                m: &mut super::JsonFields<'_, 'de, A>,
            ) -> Result<(), A::Error> {
                m.unknown(key, &mut self.0)
            }
        }
        super::read_record::<D, All>(d).map(|a| a.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_spans_in_the_c_form_and_back() {
        for (text, d) in [
            ("00:00:00", Duration::default()),
            ("00:15:00", Duration::from_mins(15)),
            ("1.02:03:04.5000000", {
                let mut d = Duration::from_secs(93_784);
                d.nanos = 500_000_000;
                d
            }),
            ("-00:00:01", Duration::from_secs(1).negated()),
        ] {
            assert_eq!(c_form(&d).as_deref(), Some(text));
            assert_eq!(parse_c_form(text), Some(d), "{text}");
        }
        assert_eq!(c_form(&"P1M".parse().unwrap()), None);
        assert_eq!(parse_c_form("01:30").unwrap(), Duration::from_mins(90));
        for bad in [
            "",
            "1",
            "24:00:00",
            "00:60:00",
            "x.00:00:00",
            "00:00:00.",
            "-",
        ] {
            assert_eq!(parse_c_form(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimals_are_json_numbers() {
        assert_eq!(json_number("-12.50"), "-12.50");
        assert_eq!(json_number("+5"), "5");
        assert_eq!(json_number(".5"), "0.5");
        assert_eq!(json_number("-.5"), "-0.5");
        assert_eq!(json_number("5."), "5");
        assert_eq!(json_number("007.10"), "7.10");
    }
}
