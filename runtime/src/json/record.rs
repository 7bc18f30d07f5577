//! What the generated serde impls call: records as JSON objects (known members by name,
//! the rest kept in `ExtensionData`, a member given twice refused), enumerations by name,
//! flag sets as `"A, B"`, polymorphic carriers by their discriminator.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::context::{
    count_unknown, count_unknown_bytes, duplicate, fail, nested_error, note_member, note_unknown,
    Nested,
};
use super::forms::{As, JsonRead, JsonWrite, Seed};
use crate::codec::DecodeErrorKind;
use crate::ExtensionData;

/// A record being written: its known members in order, then the unknown ones it was read
/// with.
pub struct JsonObject<M>(M);

impl<M: SerializeMap> JsonObject<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M>>(s: S) -> Result<Self, S::Error> {
        s.serialize_map(None).map(JsonObject)
    }

    /// Writes member `name` with its own serde impls.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, v: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(name, v)
    }

    /// Writes member `name` in form `F`.
    pub fn field_as<F: JsonWrite<T>, T: ?Sized>(
        &mut self,
        name: &str,
        v: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, &As::<F, T>::new(v))
    }

    /// Writes the unknown members `extension` holds and ends the object.
    #[inline]
    pub fn end(mut self, extension: &ExtensionData) -> Result<M::Ok, M::Error> {
        // Nearly always nothing unknown: the loop stays out of the caller.
        if extension.has_json_members() {
            self.unknown(extension)?;
        }
        self.0.end()
    }

    #[inline(never)]
    fn unknown(&mut self, extension: &ExtensionData) -> Result<(), M::Error> {
        for (name, value) in extension.json_members() {
            self.0.serialize_entry(name, value)?;
        }
        Ok(())
    }
}

/// A generated record, read from a JSON object member by member ([`read_record`]).
pub trait JsonRecord: Default {
    /// Reads member `key` into its field (`m.value(i, &mut self.field)`, `i` the field's
    /// number), or into `ExtensionData` (`m.unknown(key, &mut self.extension_data)`).
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        m: &mut JsonFields<'_, 'de, A>,
    ) -> Result<(), A::Error>;
}

/// The members of one object being read: values read in place, each field at most
/// once.
pub struct JsonFields<'a, 'de, A> {
    map: &'a mut A,
    seen: &'a mut Seen,
    key: &'a str,
    _de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> JsonFields<'_, 'de, A> {
    /// Reads the current member into `place`, the field numbered `i`.
    pub fn value<T: serde::Deserialize<'de>>(
        &mut self,
        i: usize,
        place: &mut T,
    ) -> Result<(), A::Error> {
        self.first(i)?;
        *place = self.map.next_value()?;
        Ok(())
    }

    /// As [`value`](Self::value), in form `F`.
    pub fn value_as<F: JsonRead<'de, T>, T>(
        &mut self,
        i: usize,
        place: &mut T,
    ) -> Result<(), A::Error> {
        self.first(i)?;
        *place = self.map.next_value_seed(Seed::<F, T>::new())?;
        Ok(())
    }

    /// Keeps the current member, unknown to the schema, in `extension` (counted against
    /// `Limits::max_unknown_elements` and `max_unknown_bytes`).
    pub fn unknown(&mut self, key: &str, extension: &mut ExtensionData) -> Result<(), A::Error> {
        count_unknown::<A::Error>()?;
        note_unknown(key);
        if !self.seen.unknown_first(key) {
            return Err(duplicate(key));
        }
        let value: Box<RawValue> = self.map.next_value()?;
        // As written back: `"key":value,`.
        count_unknown_bytes::<A::Error>(key.len() + value.get().len() + 4)?;
        extension.push_json(key.to_owned(), value);
        Ok(())
    }

    fn first(&mut self, i: usize) -> Result<(), A::Error> {
        if self.seen.first(i) {
            Ok(())
        } else {
            Err(duplicate(self.key))
        }
    }
}

/// Which fields and unknown members an object has given so far.
#[derive(Default)]
pub(crate) struct Seen {
    low: u64,
    high: Vec<u64>,
    /// Unknown names, searched in order while few, hashed once many.
    unknown: Vec<String>,
    unknown_set: Option<HashSet<String>>,
}

impl Seen {
    /// Marks field `i`; false if it was given before.
    fn first(&mut self, i: usize) -> bool {
        let bit = 1u64 << (i % 64);
        let word = if i < 64 {
            &mut self.low
        } else {
            let at = i / 64 - 1;
            if self.high.len() <= at {
                self.high.resize(at + 1, 0);
            }
            &mut self.high[at]
        };
        let fresh = *word & bit == 0;
        *word |= bit;
        fresh
    }

    /// Marks unknown member `key`; false if it was given before.
    pub(crate) fn unknown_first(&mut self, key: &str) -> bool {
        const LINEAR: usize = 16;
        if let Some(set) = &mut self.unknown_set {
            return set.insert(key.to_owned());
        }
        if self.unknown.iter().any(|k| k == key) {
            return false;
        }
        self.unknown.push(key.to_owned());
        if self.unknown.len() > LINEAR {
            self.unknown_set = Some(std::mem::take(&mut self.unknown).into_iter().collect());
        }
        true
    }
}

/// A member name, borrowed from the body unless it had escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(s))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a generated record from a JSON object: what its `Deserialize` impl calls.
pub fn read_record<'de, D: Deserializer<'de>, T: JsonRecord>(d: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: JsonRecord> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let _nested = Nested::enter::<A::Error>()?;
            let mut record = T::default();
            let mut seen = Seen::default();
            while let Some(key) = map.next_key_seed(KeySeed)? {
                let mut fields = JsonFields {
                    map: &mut map,
                    seen: &mut seen,
                    key: &key,
                    _de: PhantomData,
                };
                if let Err(e) = record.read_member(&key, &mut fields) {
                    note_member(&key);
                    return Err(e);
                }
            }
            Ok(record)
        }
    }
    d.deserialize_map(V(PhantomData))
}

/// Reads an enumeration by name; a name the schema does not list is kept
/// (`From<&str>` of generated enumerations).
pub fn read_enum<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(d: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the name of an enumeration value")
        }
        fn visit_str<E>(self, s: &str) -> Result<T, E> {
            Ok(T::from(s))
        }
    }
    d.deserialize_str(V(PhantomData))
}

/// Writes a flag set as its names joined by `", "` (`"Select, Update"`), as the server
/// does.
pub fn write_flags<'a, S: Serializer>(
    s: S,
    names: impl Iterator<Item = &'a str>,
) -> Result<S::Ok, S::Error> {
    super::key::with_scratch(|text| {
        for (i, name) in names.enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(name);
        }
        s.serialize_str(text)
    })
}

/// Reads a flag set: names separated by commas, spaces around them ignored; `""` is the
/// empty set.
pub fn read_flags<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("flag names separated by commas")
        }
        fn visit_str<E>(self, s: &str) -> Result<Vec<T>, E> {
            Ok(s.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(T::from)
                .collect())
        }
    }
    d.deserialize_str(V(PhantomData))
}

/// Reads a polymorphic carrier: the object is kept as it came, its discriminator member
/// `tag` found (a string; `None` when absent or not a string), and `pick` reads the
/// object as the type that value names (with [`from_json`](super::from_json)).
pub fn read_variant<'de, D: Deserializer<'de>, T>(
    d: D,
    tag: &'static str,
    pick: impl FnOnce(Option<&str>, &str) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error> {
    let raw: Box<RawValue> = serde::Deserialize::deserialize(d)?;
    let json = raw.get();
    if !json.starts_with('{') {
        return Err(fail(DecodeErrorKind::Unexpected {
            expected: "an object".into(),
            found: "another value".into(),
        }));
    }
    let found = TagSeed(tag)
        .deserialize(&mut serde_json::Deserializer::from_str(json))
        .map_err(nested_error::<D::Error>)?;
    pick(found.as_deref(), json).map_err(nested_error)
}

/// Finds the string value of member `.0` of an object, skipping everything else.
struct TagSeed(&'static str);

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TagSeed {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == self.0 && found.is_none() {
                let v: serde_json::Value = map.next_value()?;
                found = v.as_str().map(str::to_owned);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}
