//! Dictionary keys as JSON member names: a key's text (`"12"` for an `int` key, the name
//! of an enumeration value) and back, as Newtonsoft writes dictionaries.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Impossible, Serialize, Serializer};

/// Why a key cannot be a member name.
#[derive(Debug)]
pub(crate) struct KeyError(String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

impl ser::Error for KeyError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        KeyError(msg.to_string())
    }
}

thread_local! {
    /// The text buffer [`with_scratch`] lends; empty while lent.
    static SCRATCH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// Runs `f` with an empty `String` whose capacity is kept between calls on this thread,
/// so joining flag names or writing dictionary keys allocates once per thread, not once
/// per value. A nested call (a dictionary inside a dictionary's value) finds the buffer
/// lent and gets a fresh one.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut String) -> R) -> R {
    let mut text = SCRATCH.take();
    text.clear();
    let r = f(&mut text);
    // A buffer grown by a huge value is not kept.
    if text.capacity() <= 4096 {
        SCRATCH.set(text);
    }
    r
}

/// Writes the member name of `key` into `out` (cleared first).
pub(crate) fn key_text<K: Serialize + ?Sized>(key: &K, out: &mut String) -> Result<(), KeyError> {
    out.clear();
    key.serialize(KeyText(out))
}

/// Writes a key as its text.
struct KeyText<'a>(&'a mut String);

fn not_text() -> KeyError {
    KeyError("a dictionary key must be text, a number or a name to be a JSON member".into())
}

macro_rules! display {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<(), KeyError> {
            use fmt::Write as _;
            let _ = write!(self.0, "{v}");
            Ok(())
        })*
    };
}

impl Serializer for KeyText<'_> {
    type Ok = ();
    type Error = KeyError;
    type SerializeSeq = Impossible<(), KeyError>;
    type SerializeTuple = Impossible<(), KeyError>;
    type SerializeTupleStruct = Impossible<(), KeyError>;
    type SerializeTupleVariant = Impossible<(), KeyError>;
    type SerializeMap = Impossible<(), KeyError>;
    type SerializeStruct = Impossible<(), KeyError>;
    type SerializeStructVariant = Impossible<(), KeyError>;

    display!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char);

    fn serialize_str(self, v: &str) -> Result<(), KeyError> {
        self.0.push_str(v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), KeyError> {
        Err(not_text())
    }
    fn serialize_none(self) -> Result<(), KeyError> {
        Err(KeyError(
            "a dictionary key is nil: a JSON member needs a name".into(),
        ))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), KeyError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), KeyError> {
        Err(not_text())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), KeyError> {
        Err(not_text())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), KeyError> {
        self.0.push_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), KeyError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), KeyError> {
        Err(not_text())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, KeyError> {
        Err(not_text())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, KeyError> {
        Err(not_text())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, KeyError> {
        Err(not_text())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, KeyError> {
        Err(not_text())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, KeyError> {
        Err(not_text())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, KeyError> {
        Err(not_text())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, KeyError> {
        Err(not_text())
    }
}

/// Reads a key from a member name: text as is, numbers and booleans parsed from it.
pub(crate) struct KeyFrom<'a, E>(pub &'a str, pub std::marker::PhantomData<E>);

macro_rules! parse {
    ($($f:ident => $visit:ident: $t:ty),*) => {
        $(fn $f<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
            match self.0.parse::<$t>() {
                Ok(n) => v.$visit(n),
                Err(_) => Err(super::context::invalid(stringify!($t))),
            }
        })*
    };
}

impl<'de, E: de::Error> Deserializer<'de> for KeyFrom<'_, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
        v.visit_str(self.0)
    }

    parse!(deserialize_bool => visit_bool: bool, deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16, deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64, deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16, deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64, deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64);

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, E> {
        v.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
    }
}
