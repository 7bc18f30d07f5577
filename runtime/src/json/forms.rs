//! Forms: how a value whose Rust type has a different serde form is written and read
//! in the REST form. `Vec<u8>` is both a base64 `byte[]` and a list of `unsignedByte`,
//! and serde writes a non-finite float as `null`: the generator picks the form from the
//! schema type ([`AsBase64`], [`AsFloat`], and [`AsOption`], [`AsList`], [`AsBox`],
//! [`AsMap`] around them); every other value is written [`AsIs`], by its own impls.
//!
//! (serde_with offers the same traits; it brings derive macros and more for two forms.)

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::context::invalid;
use crate::Map;

/// Writes a `T` in the REST form.
pub trait JsonWrite<T: ?Sized> {
    /// Writes `v` to `s`.
    fn write<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error>;
}

/// Reads a `T` in the REST form.
pub trait JsonRead<'de, T> {
    /// Reads a value from `d`.
    fn read<D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
}

/// The value's own serde impls.
#[derive(Debug)]
pub struct AsIs;
/// `byte[]`: a standard base64 string with padding.
#[derive(Debug)]
pub struct AsBase64;
/// `float`/`double`: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"` (as Newtonsoft
/// writes them; serde_json would write `null`).
#[derive(Debug)]
pub struct AsFloat;
/// `Option<T>` with `T` in form `F`: `null` for `None`.
#[derive(Debug)]
pub struct AsOption<F>(PhantomData<F>);
/// `Vec<T>` (or `[T]`) with items in form `F`: an array.
#[derive(Debug)]
pub struct AsList<F>(PhantomData<F>);
/// `Box<T>` with `T` in form `F`.
#[derive(Debug)]
pub struct AsBox<F>(PhantomData<F>);
/// `Map<K, V>` with values in form `F`: an object (see [`Map`]'s serde impls).
#[derive(Debug)]
pub struct AsMap<F>(PhantomData<F>);

/// `v` written in form `F`, as a value serde can write.
pub struct As<'a, F, T: ?Sized>(pub &'a T, pub PhantomData<F>);

impl<'a, F, T: ?Sized> As<'a, F, T> {
    /// `v` in form `F`.
    pub fn new(v: &'a T) -> Self {
        As(v, PhantomData)
    }
}

impl<F: JsonWrite<T>, T: ?Sized> Serialize for As<'_, F, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        F::write(self.0, s)
    }
}

/// Reads a `T` in form `F` where serde wants a seed.
pub(crate) struct Seed<F, T>(PhantomData<(F, T)>);

impl<F, T> Seed<F, T> {
    pub(crate) fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, F: JsonRead<'de, T>, T> DeserializeSeed<'de> for Seed<F, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        F::read(d)
    }
}

impl<T: Serialize + ?Sized> JsonWrite<T> for AsIs {
    fn write<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de>> JsonRead<'de, T> for AsIs {
    fn read<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

impl JsonWrite<[u8]> for AsBase64 {
    fn write<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64_simd::STANDARD.encode_to_string(v))
    }
}

impl JsonWrite<Vec<u8>> for AsBase64 {
    fn write<S: Serializer>(v: &Vec<u8>, s: S) -> Result<S::Ok, S::Error> {
        <AsBase64 as JsonWrite<[u8]>>::write(v, s)
    }
}

impl<'de> JsonRead<'de, Vec<u8>> for AsBase64 {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Vec<u8>, E> {
                crate::codec::decode_base64(s).ok_or_else(|| invalid("base64 string"))
            }
        }
        d.deserialize_str(V)
    }
}

/// The text Newtonsoft writes for a non-finite float.
fn non_finite(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

impl JsonWrite<f64> for AsFloat {
    fn write<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            s.serialize_str(non_finite(*v))
        }
    }
}

impl JsonWrite<f32> for AsFloat {
    fn write<S: Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f32(*v)
        } else {
            s.serialize_str(non_finite(f64::from(*v)))
        }
    }
}

/// A number, or one of the three strings.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<f64, E> {
        match s {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(invalid("float")),
        }
    }
}

impl<'de> JsonRead<'de, f64> for AsFloat {
    fn read<D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

impl<'de> JsonRead<'de, f32> for AsFloat {
    fn read<D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
        // As serde reads an `f32`: the nearest `f64`, then the nearest `f32` to that.
        d.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}

impl<F: JsonWrite<T>, T> JsonWrite<Option<T>> for AsOption<F> {
    fn write<S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_some(&As::<F, T>::new(v)),
            None => s.serialize_none(),
        }
    }
}

impl<'de, F: JsonRead<'de, T>, T> JsonRead<'de, Option<T>> for AsOption<F> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        struct V<F, T>(PhantomData<(F, T)>);
        impl<'de, F: JsonRead<'de, T>, T> Visitor<'de> for V<F, T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                F::read(d).map(Some)
            }
        }
        d.deserialize_option(V::<F, T>(PhantomData))
    }
}

impl<F: JsonWrite<T>, T> JsonWrite<[T]> for AsList<F> {
    fn write<S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(As::<F, T>::new))
    }
}

impl<F: JsonWrite<T>, T> JsonWrite<Vec<T>> for AsList<F> {
    fn write<S: Serializer>(v: &Vec<T>, s: S) -> Result<S::Ok, S::Error> {
        <AsList<F> as JsonWrite<[T]>>::write(v, s)
    }
}

impl<'de, F: JsonRead<'de, T>, T> JsonRead<'de, Vec<T>> for AsList<F> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        struct V<F, T>(PhantomData<(F, T)>);
        impl<'de, F: JsonRead<'de, T>, T> Visitor<'de> for V<F, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Vec<T>, A::Error> {
                // Never trust a size hint beyond a small start.
                let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
                while let Some(item) = a.next_element_seed(Seed::<F, T>::new())? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        d.deserialize_seq(V::<F, T>(PhantomData))
    }
}

impl<F: JsonWrite<T>, T> JsonWrite<Box<T>> for AsBox<F> {
    fn write<S: Serializer>(v: &Box<T>, s: S) -> Result<S::Ok, S::Error> {
        F::write(v, s)
    }
}

impl<'de, F: JsonRead<'de, T>, T> JsonRead<'de, Box<T>> for AsBox<F> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Box<T>, D::Error> {
        F::read(d).map(Box::new)
    }
}

impl<K: Serialize, F: JsonWrite<V>, V> JsonWrite<Map<K, V>> for AsMap<F> {
    fn write<S: Serializer>(v: &Map<K, V>, s: S) -> Result<S::Ok, S::Error> {
        super::values::write_map::<F, K, V, S>(v, s)
    }
}

/// The pairs a method takes for a dictionary parameter (`&[(K, V)]`).
impl<K: Serialize, F: JsonWrite<V>, V> JsonWrite<[(K, V)]> for AsMap<F> {
    fn write<S: Serializer>(v: &[(K, V)], s: S) -> Result<S::Ok, S::Error> {
        super::values::write_map::<F, K, V, S>(v, s)
    }
}

impl<'de, K: serde::de::DeserializeOwned, F: JsonRead<'de, V>, V> JsonRead<'de, Map<K, V>>
    for AsMap<F>
{
    fn read<D: Deserializer<'de>>(d: D) -> Result<Map<K, V>, D::Error> {
        super::values::read_map::<F, K, V, D>(d)
    }
}
