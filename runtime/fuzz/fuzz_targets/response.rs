//! Fuzzes the response reader: envelope, headers, faults, and a sample of codec paths
//! (records, lists, dictionaries, nil, polymorphism, every primitive, anyType).
//!
//! Invariant: any input yields a value or a typed error, never a panic or a hang (the seed
//! corpus holds namespace and attribute floods, see `seed_corpus.py`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sogen_runtime::soap::parse_response;
use sogen_runtime::{
    decode_list, decode_map, decode_response, decode_void, AnyValue, DateTime, Decimal, Decode,
    DecodeError, Duration, ElementStart, Guid, Limits, QName, XmlReader,
};

/// A record touching every primitive; unknown children are skipped, polymorphic ones
/// dispatch on `xsi:type`.
#[derive(Debug, Default)]
struct Record {
    strings: Vec<String>,
    numbers: (i8, i16, i32, i64, u8, u16, u32, u64),
    floats: (f32, f64),
    flag: Option<bool>,
    decimal: Option<Decimal>,
    when: Option<DateTime>,
    span: Option<Duration>,
    blob: Vec<u8>,
    id: Option<Guid>,
    letter: Option<char>,
    name: Option<QName>,
    any: sogen_runtime::Map<Option<String>, AnyValue>,
    children: Vec<Record>,
    derived: Option<Box<Record>>,
}

impl Decode for Record {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut x = Record::default();
        if start.is_nil() {
            r.skip()?;
            return Ok(x);
        }
        if let Some((_, "Derived")) = start.xsi_type() {
            x.derived = Some(Box::default());
        }
        while let Some(c) = r.next_child()? {
            match c.local_name() {
                "S" => x.strings.push(String::decode(r, &c)?),
                "I8" => x.numbers.0 = i8::decode(r, &c)?,
                "I16" => x.numbers.1 = i16::decode(r, &c)?,
                "I32" => x.numbers.2 = i32::decode(r, &c)?,
                "I64" => x.numbers.3 = i64::decode(r, &c)?,
                "U8" => x.numbers.4 = u8::decode(r, &c)?,
                "U16" => x.numbers.5 = u16::decode(r, &c)?,
                "U32" => x.numbers.6 = u32::decode(r, &c)?,
                "U64" => x.numbers.7 = u64::decode(r, &c)?,
                "F" => x.floats.0 = f32::decode(r, &c)?,
                "D" => x.floats.1 = f64::decode(r, &c)?,
                "B" => x.flag = Option::decode(r, &c)?,
                "Dec" => x.decimal = Option::decode(r, &c)?,
                "When" => x.when = Option::decode(r, &c)?,
                "Span" => x.span = Option::decode(r, &c)?,
                "Blob" => x.blob = Vec::<u8>::decode(r, &c)?,
                "Id" => x.id = Option::decode(r, &c)?,
                "Char" => x.letter = Option::decode(r, &c)?,
                "QName" => x.name = Option::decode(r, &c)?,
                "Map" => x.any = decode_map(r, &c)?,
                "List" => x.children = decode_list(r, &c)?,
                "Inner" => x.derived = Option::decode(r, &c)?,
                _ => r.skip()?,
            }
        }
        Ok(x)
    }
}

fuzz_target!(|data: &[u8]| {
    let (status, content_type) = match data.first().map(|b| b % 4) {
        Some(0) => (500, Some("text/xml; charset=utf-8")),
        Some(1) => (502, Some("text/html")),
        _ => (200, Some("text/xml; charset=utf-8")),
    };
    let limits = Limits {
        max_response_bytes: 1 << 20,
        max_depth: 64,
        ..Limits::default()
    };
    let _ = parse_response(
        status,
        content_type,
        data,
        limits,
        decode_response::<Record>,
    );
    let _ = parse_response(status, content_type, data, limits, decode_void);
    // The codec alone, from the root element.
    if let Ok(mut r) = XmlReader::new(data, limits) {
        if let Ok(Some(root)) = r.next_child() {
            let _ = Record::decode(&mut r, &root);
        }
    }
});
