//! `xs:anyType` values: primitives tagged with `xsi:type` (as in StringObjectDictionary).

use std::borrow::Cow;

use crate::codec::{
    collapse, decode_base64, parse_bool, parse_float, Decode, DecodeError, ElementStart, Encode,
    XmlReader, XmlWriter, XSD_NS,
};
use crate::{DateTime, Decimal, Duration, Guid, QName};

/// The Serialization namespace (`guid`, `char`, `duration`).
pub const SER_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// A value of `xs:anyType`, told apart by its `xsi:type`.
///
/// ```
/// use sogen_runtime::{AnyValue, Decode, Encode, Limits, XmlReader, XmlWriter};
/// let mut w = XmlWriter::new();
/// AnyValue::Int(42).encode(&mut w, "urn:a", "Value");
/// let xml = w.into_bytes();
/// assert!(std::str::from_utf8(&xml).unwrap().contains(r#"xsi:type="t:int""#));
/// let mut r = XmlReader::new(&xml, Limits::default()).unwrap();
/// let start = r.next_child().unwrap().unwrap();
/// assert_eq!(AnyValue::decode(&mut r, &start).unwrap(), AnyValue::Int(42));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AnyValue {
    /// `xsi:nil="true"`.
    #[default]
    Nil,
    /// `xs:string`.
    String(String),
    /// Text without `xsi:type`, kept as sent: written back without one.
    Untyped(String),
    /// `xs:boolean`.
    Bool(bool),
    /// `xs:byte`.
    Byte(i8),
    /// `xs:short`.
    Short(i16),
    /// `xs:int`.
    Int(i32),
    /// `xs:long`.
    Long(i64),
    /// `xs:unsignedByte`.
    UnsignedByte(u8),
    /// `xs:unsignedShort`.
    UnsignedShort(u16),
    /// `xs:unsignedInt`.
    UnsignedInt(u32),
    /// `xs:unsignedLong`.
    UnsignedLong(u64),
    /// `xs:float`.
    Float(f32),
    /// `xs:double`.
    Double(f64),
    /// `xs:decimal`.
    Decimal(Decimal),
    /// `xs:dateTime`.
    DateTime(DateTime),
    /// `ser:duration` or `xs:duration`.
    Duration(Duration),
    /// `xs:base64Binary`.
    Base64(Vec<u8>),
    /// `ser:guid`.
    Guid(Guid),
    /// `ser:char`.
    Char(char),
    /// `xs:anyURI`.
    AnyUri(String),
    /// `xs:QName`.
    QName(QName),
    /// A JSON object or array received over the REST wire (which carries no type), as its
    /// JSON text, written back as is. Over SOAP it is written as untyped text.
    Json(String),
    /// Any other type (a complex type, an array...): its `xsi:type` and its inner XML as
    /// sent. It has no JSON form: writing it over the REST wire is an error.
    Other {
        /// Namespace URI of the `xsi:type` (empty when absent).
        type_namespace: String,
        /// Local name of the `xsi:type` (empty when absent).
        type_name: String,
        /// The element's content, as raw XML.
        xml: String,
    },
}

impl Encode for AnyValue {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        let typed = |w: &mut XmlWriter, tns: &str, t: &str, text: &str| {
            w.open_typed(ns, name, tns, t);
            w.text(text);
            w.close(ns, name);
        };
        match self {
            AnyValue::Nil => w.nil(ns, name),
            AnyValue::String(s) => typed(w, XSD_NS, "string", s),
            AnyValue::Untyped(s) | AnyValue::Json(s) => {
                w.open(ns, name);
                w.text(s);
                w.close(ns, name);
            }
            AnyValue::Bool(v) => typed(w, XSD_NS, "boolean", if *v { "true" } else { "false" }),
            AnyValue::Byte(v) => typed(w, XSD_NS, "byte", &v.to_string()),
            AnyValue::Short(v) => typed(w, XSD_NS, "short", &v.to_string()),
            AnyValue::Int(v) => typed(w, XSD_NS, "int", &v.to_string()),
            AnyValue::Long(v) => typed(w, XSD_NS, "long", &v.to_string()),
            AnyValue::UnsignedByte(v) => typed(w, XSD_NS, "unsignedByte", &v.to_string()),
            AnyValue::UnsignedShort(v) => typed(w, XSD_NS, "unsignedShort", &v.to_string()),
            AnyValue::UnsignedInt(v) => typed(w, XSD_NS, "unsignedInt", &v.to_string()),
            AnyValue::UnsignedLong(v) => typed(w, XSD_NS, "unsignedLong", &v.to_string()),
            AnyValue::Float(v) => typed(
                w,
                XSD_NS,
                "float",
                &float_text(*v as f64, &format!("{v:?}")),
            ),
            AnyValue::Double(v) => typed(w, XSD_NS, "double", &float_text(*v, &format!("{v:?}"))),
            AnyValue::Decimal(v) => typed(w, XSD_NS, "decimal", v.as_str()),
            AnyValue::DateTime(v) => typed(w, XSD_NS, "dateTime", &v.to_string()),
            AnyValue::Duration(v) => typed(w, SER_NS, "duration", &v.to_string()),
            AnyValue::Base64(v) => {
                let text = base64_simd::STANDARD.encode_to_string(v);
                typed(w, XSD_NS, "base64Binary", &text)
            }
            AnyValue::Guid(v) => typed(w, SER_NS, "guid", &v.to_string()),
            AnyValue::Char(v) => typed(w, SER_NS, "char", &(*v as u32).to_string()),
            AnyValue::AnyUri(v) => typed(w, XSD_NS, "anyURI", v),
            AnyValue::QName(q) => w.typed_qname(ns, name, &q.namespace, &q.local_name),
            AnyValue::Other {
                type_namespace,
                type_name,
                xml,
            } => {
                if type_name.is_empty() {
                    w.open(ns, name);
                } else {
                    w.open_typed(ns, name, type_namespace, type_name);
                }
                w.raw(xml);
                w.close(ns, name);
            }
        }
    }
}

fn float_text(v: f64, shortest: &str) -> Cow<'_, str> {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "INF" } else { "-INF" }.into()
    } else {
        shortest.into()
    }
}

impl Decode for AnyValue {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        if start.is_nil() {
            r.skip()?;
            return Ok(AnyValue::Nil);
        }
        let Some((tns, t)) = start.xsi_type() else {
            let xml = r.raw_inner()?;
            return Ok(if xml.contains('<') {
                AnyValue::Other {
                    type_namespace: String::new(),
                    type_name: String::new(),
                    xml: xml.to_owned(),
                }
            } else {
                let text = quick_xml::escape::unescape(xml)
                    .map_err(|_| r.invalid_value(start, "string", xml))?;
                AnyValue::Untyped(text.into_owned())
            });
        };
        fn p<T: std::str::FromStr>(s: &str) -> Option<T> {
            s.parse().ok()
        }
        let known = |v: Option<AnyValue>, ty: &'static str, text: &str, r: &XmlReader<'_>| {
            v.ok_or_else(|| r.invalid_value(start, ty, text))
        };
        let ty = if tns == XSD_NS || tns == SER_NS {
            t
        } else {
            ""
        };
        if ty == "QName" {
            let (namespace, local_name) = r.qname_text()?;
            return Ok(AnyValue::QName(QName {
                namespace,
                local_name,
            }));
        }
        let simple = matches!(
            ty,
            "string"
                | "anyURI"
                | "boolean"
                | "byte"
                | "short"
                | "int"
                | "long"
                | "unsignedByte"
                | "unsignedShort"
                | "unsignedInt"
                | "unsignedLong"
                | "float"
                | "double"
                | "decimal"
                | "dateTime"
                | "duration"
                | "base64Binary"
                | "guid"
                | "char"
        );
        if !simple {
            let (type_namespace, type_name) = (tns.to_owned(), t.to_owned());
            let xml = r.raw_inner()?.to_owned();
            return Ok(AnyValue::Other {
                type_namespace,
                type_name,
                xml,
            });
        }
        let text = r.text()?;
        let s = collapse(&text);
        let v = match ty {
            "string" => Some(AnyValue::String(text.to_string())),
            "anyURI" => Some(AnyValue::AnyUri(s.to_owned())),
            "boolean" => parse_bool(s).map(AnyValue::Bool),
            "byte" => p(s).map(AnyValue::Byte),
            "short" => p(s).map(AnyValue::Short),
            "int" => p(s).map(AnyValue::Int),
            "long" => p(s).map(AnyValue::Long),
            "unsignedByte" => p(s).map(AnyValue::UnsignedByte),
            "unsignedShort" => p(s).map(AnyValue::UnsignedShort),
            "unsignedInt" => p(s).map(AnyValue::UnsignedInt),
            "unsignedLong" => p(s).map(AnyValue::UnsignedLong),
            "float" => parse_float(s).map(AnyValue::Float),
            "double" => parse_float(s).map(AnyValue::Double),
            "decimal" => p(s).map(AnyValue::Decimal),
            "dateTime" => p(s).map(AnyValue::DateTime),
            "duration" => p(s).map(AnyValue::Duration),
            "base64Binary" => decode_base64(s).map(AnyValue::Base64),
            "guid" => p(s).map(AnyValue::Guid),
            _ => p::<u32>(s).and_then(char::from_u32).map(AnyValue::Char),
        };
        known(v, "anyType value", &text, r)
    }
}
