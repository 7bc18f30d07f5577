//! Encode/Decode for Rust's own types: strings, integers, booleans, floats, `char` and
//! `Vec<u8>` (base64Binary).

use super::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

/// XML Schema `whiteSpace="collapse"` for the lexical forms of non-string types.
#[inline]
pub(crate) fn collapse(s: &str) -> &str {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !ws(f) && !ws(l) => s,
        _ => s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r')),
    }
}

impl Encode for str {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, self)
    }
}

impl Encode for String {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, self)
    }
}

impl Decode for String {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        r.text().map(|t| t.into_owned())
    }
}

/// Reads the element's text and parses it, reporting `ty` on failure.
pub(crate) fn parse_text<T>(
    r: &mut XmlReader<'_>,
    start: &ElementStart<'_>,
    ty: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, DecodeError> {
    let text = r.text()?;
    parse(collapse(&text)).ok_or_else(|| r.invalid_value(start, ty, &text))
}

macro_rules! integer {
    ($($t:ty => $xsd:literal),*) => {$(
        impl Encode for $t {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                w.leaf_int(ns, name, *self)
            }
        }
        impl Decode for $t {
            fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
                parse_text(r, start, $xsd, |s| s.parse().ok())
            }
        }
    )*};
}

integer!(i8 => "byte", i16 => "short", i32 => "int", i64 => "long",
         u8 => "unsignedByte", u16 => "unsignedShort", u32 => "unsignedInt", u64 => "unsignedLong");

impl Encode for bool {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, if *self { "true" } else { "false" })
    }
}

impl Decode for bool {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        parse_text(r, start, "boolean", parse_bool)
    }
}

pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

macro_rules! float {
    ($($t:ty => $xsd:literal),*) => {$(
        impl Encode for $t {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                w.leaf(ns, name, &format_float(*self as f64, self.to_string_shortest()))
            }
        }
        impl Decode for $t {
            fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
                parse_text(r, start, $xsd, parse_float::<$t>)
            }
        }
    )*};
}

trait Shortest {
    fn to_string_shortest(&self) -> String;
}

impl Shortest for f32 {
    fn to_string_shortest(&self) -> String {
        format!("{self:?}")
    }
}

impl Shortest for f64 {
    fn to_string_shortest(&self) -> String {
        format!("{self:?}")
    }
}

/// XML Schema lexical form: `INF`, `-INF`, `NaN`, else the shortest round-trip digits
/// (Rust's `Debug` form, which uses an exponent for very large or small magnitudes).
fn format_float(v: f64, shortest: String) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v == f64::INFINITY {
        "INF".to_owned()
    } else if v == f64::NEG_INFINITY {
        "-INF".to_owned()
    } else {
        shortest
    }
}

pub(crate) fn parse_float<T: std::str::FromStr + From<f32>>(s: &str) -> Option<T> {
    match s {
        "INF" | "+INF" => Some(T::from(f32::INFINITY)),
        "-INF" => Some(T::from(f32::NEG_INFINITY)),
        "NaN" => Some(T::from(f32::NAN)),
        // Rust also accepts "inf", "infinity" and "nan"; XML Schema does not.
        _ if s
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
        {
            s.parse().ok()
        }
        _ => None,
    }
}

float!(f32 => "float", f64 => "double");

/// `char` travels as its code point (the Serialization namespace's `char` is an int).
impl Encode for char {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        (*self as u32).encode(w, ns, name)
    }
}

impl Decode for char {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        parse_text(r, start, "char", |s| {
            s.parse::<u32>().ok().and_then(char::from_u32)
        })
    }
}

/// `base64Binary`.
impl Encode for Vec<u8> {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        self.as_slice().encode(w, ns, name)
    }
}

impl Encode for [u8] {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.open(ns, name);
        w.base64(self);
        w.close(ns, name);
    }
}

impl Decode for Vec<u8> {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        parse_text(r, start, "base64Binary", decode_base64)
    }
}

/// Standard base64 with canonical padding (what `base64`'s `STANDARD` engine accepts), with
/// whitespace anywhere (line-wrapped values).
pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let b64 = base64_simd::STANDARD;
    // Straight from the borrowed text; only line-wrapped values (the decoder stops at the
    // first line break) are compacted and decoded again.
    b64.decode_to_vec(s).ok().or_else(|| {
        let compact: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        b64.decode_to_vec(compact).ok()
    })
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The SIMD decoder accepts and refuses exactly what the `base64` crate's standard
        /// engine (the codec's before) does, and decodes the same bytes; and encodes the same.
        #[test]
        fn base64_as_the_base64_crate(text in "[AQgw+/=B9z \\n]{0,80}", bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            let old = |s: &str| {
                let engine = &base64::engine::general_purpose::STANDARD;
                engine.decode(s).ok().or_else(|| {
                    let compact: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                    engine.decode(compact).ok()
                })
            };
            prop_assert_eq!(super::decode_base64(&text), old(&text), "{:?}", text);
            let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
            prop_assert_eq!(super::decode_base64(&encoded), Some(bytes.clone()));
            let mut w = super::XmlWriter::new();
            w.base64(&bytes);
            prop_assert_eq!(w.as_bytes(), encoded.as_bytes());
        }
    }
}
