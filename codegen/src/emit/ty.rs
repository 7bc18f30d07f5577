//! Rust types and wire code for one [`RustTy`]: the type's tokens, and the
//! statements that encode a value or decode one from the element just started.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ns::Namespaces;
use crate::model::Builtin;
use crate::plan::RustTy;

/// An identifier from a planned (possibly `r#`-escaped) name.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a primitive.
pub fn prim(b: Builtin) -> TokenStream {
    match b {
        Builtin::String | Builtin::AnyUri => quote!(String),
        Builtin::Boolean => quote!(bool),
        Builtin::Byte => quote!(i8),
        Builtin::Short => quote!(i16),
        Builtin::Int => quote!(i32),
        Builtin::Long => quote!(i64),
        Builtin::UnsignedByte => quote!(u8),
        Builtin::UnsignedShort => quote!(u16),
        Builtin::UnsignedInt => quote!(u32),
        Builtin::UnsignedLong => quote!(u64),
        Builtin::Float => quote!(f32),
        Builtin::Double => quote!(f64),
        Builtin::Decimal => quote!(sogen_runtime::Decimal),
        Builtin::DateTime => quote!(sogen_runtime::DateTime),
        Builtin::Duration => quote!(sogen_runtime::Duration),
        Builtin::Base64Binary => quote!(Vec<u8>),
        Builtin::QName => quote!(sogen_runtime::QName),
        Builtin::Guid => quote!(sogen_runtime::Guid),
        Builtin::Char => quote!(char),
        Builtin::AnyType => quote!(sogen_runtime::AnyValue),
    }
}

/// Whether a primitive is `Copy` and small enough to pass by value.
pub(super) fn by_value(b: Builtin) -> bool {
    !matches!(
        b,
        Builtin::String
            | Builtin::AnyUri
            | Builtin::Decimal
            | Builtin::DateTime
            | Builtin::Duration
            | Builtin::Base64Binary
            | Builtin::QName
            | Builtin::Guid
            | Builtin::AnyType
    )
}

/// The owned type, generated types prefixed with `prefix` (`types::`).
pub fn owned(ty: &RustTy, prefix: &TokenStream) -> TokenStream {
    match ty {
        RustTy::Prim(b) => prim(*b),
        RustTy::Named(n) => {
            let n = ident(n);
            quote!(#prefix #n)
        }
        RustTy::Option(t) => {
            let t = owned(t, prefix);
            quote!(Option<#t>)
        }
        RustTy::Boxed(t) => {
            let t = owned(t, prefix);
            quote!(Box<#t>)
        }
        RustTy::List { item: t, .. } | RustTy::Repeated(t) => {
            let t = owned(t, prefix);
            quote!(Vec<#t>)
        }
        RustTy::Map { key, value, .. } => {
            let (k, v) = (owned(key, prefix), owned(value, prefix));
            quote!(Vec<(#k, #v)>)
        }
    }
}

/// The parameter type: borrowed where natural (`&str`, `&[T]`, `&T`),
/// by value for small `Copy` primitives. A request parameter is always sent,
/// so `Option` falls away.
pub fn param(ty: &RustTy, prefix: &TokenStream) -> TokenStream {
    match ty {
        RustTy::Prim(Builtin::String | Builtin::AnyUri) => quote!(&str),
        RustTy::Prim(Builtin::Base64Binary) => quote!(&[u8]),
        RustTy::Prim(b) if by_value(*b) => prim(*b),
        RustTy::Option(t) | RustTy::Boxed(t) => param(t, prefix),
        RustTy::List { item: t, .. } | RustTy::Repeated(t) => {
            let t = owned(t, prefix);
            quote!(&[#t])
        }
        RustTy::Map { key, value, .. } => {
            let (k, v) = (owned(key, prefix), owned(value, prefix));
            quote!(&[(#k, #v)])
        }
        t => {
            let t = owned(t, prefix);
            quote!(&#t)
        }
    }
}

/// Whether a value of `ty` encodes and decodes through its own trait impls.
fn simple(ty: &RustTy) -> bool {
    match ty {
        RustTy::Prim(_) | RustTy::Named(_) => true,
        RustTy::Option(t) | RustTy::Boxed(t) => simple(t),
        _ => false,
    }
}

/// Statements writing `val` as element `name`; `val` is a place (`self.x`)
/// or, when `is_ref`, already a reference (a parameter, a loop item).
pub fn encode(
    ty: &RustTy,
    val: TokenStream,
    is_ref: bool,
    ns: &str,
    name: &str,
    nss: &Namespaces,
) -> TokenStream {
    let nst = nss.get(ns);
    let borrowed = if is_ref { val.clone() } else { quote!(&#val) };
    match ty {
        t if simple(t) => quote!(#val.encode(w, #nst, #name);),
        RustTy::List {
            item_ns,
            item_name,
            item,
        } if simple(item) => {
            let item_nst = nss.get(item_ns);
            quote!(sogen_runtime::encode_list(w, #nst, #name, #item_nst, #item_name, #borrowed);)
        }
        RustTy::List {
            item_ns,
            item_name,
            item,
        } => {
            let inner = encode(item, quote!(v), true, item_ns, item_name, nss);
            quote!(w.open(#nst, #name); for v in #val.iter() { #inner } w.close(#nst, #name);)
        }
        RustTy::Map {
            entry_ns,
            entry_name,
            key,
            value,
        } if simple(key) && simple(value) => {
            let ent = nss.get(entry_ns);
            quote!(sogen_runtime::encode_map(w, #nst, #name, #ent, #entry_name, #borrowed);)
        }
        RustTy::Map {
            entry_ns,
            entry_name,
            key,
            value,
        } => {
            let ent = nss.get(entry_ns);
            let k = encode(key, quote!(k), true, entry_ns, "Key", nss);
            let v = encode(value, quote!(v), true, entry_ns, "Value", nss);
            quote!(
                w.open(#nst, #name);
                for (k, v) in #val.iter() { w.open(#ent, #entry_name); #k #v w.close(#ent, #entry_name); }
                w.close(#nst, #name);
            )
        }
        RustTy::Repeated(item) => {
            let inner = encode(item, quote!(v), true, ns, name, nss);
            quote!(for v in #val.iter() { #inner })
        }
        RustTy::Option(t) | RustTy::Boxed(t) => {
            // Only lists and maps get here, and fields never wrap those.
            encode(t, val, is_ref, ns, name, nss)
        }
        RustTy::Prim(_) | RustTy::Named(_) => unreachable!("simple types are handled first"),
    }
}

/// An expression decoding the element `s` just started on `r` as `ty`.
pub fn decode(ty: &RustTy) -> TokenStream {
    match ty {
        t if simple(t) => quote!(Decode::decode(r, &s)?),
        RustTy::List { item, .. } if simple(item) => quote!(sogen_runtime::decode_list(r, &s)?),
        RustTy::List { item, .. } => {
            let inner = decode(item);
            quote!({
                let mut items = Vec::new();
                while let Some(s) = r.next_child()? { items.push(#inner); }
                items
            })
        }
        RustTy::Map { key, value, .. } if simple(key) && simple(value) => {
            quote!(sogen_runtime::decode_map(r, &s)?)
        }
        RustTy::Map { key, value, .. } => {
            let (k, v) = (decode(key), decode(value));
            quote!({
                let mut pairs = Vec::new();
                while r.next_child()?.is_some() {
                    let (mut key, mut value) = (Default::default(), Default::default());
                    while let Some(s) = r.next_child()? {
                        match s.local_name() { "Key" => key = #k, "Value" => value = #v, _ => r.skip()? }
                    }
                    pairs.push((key, value));
                }
                pairs
            })
        }
        RustTy::Option(t) => {
            let inner = decode(t);
            quote!(if s.is_nil() { r.skip()?; None } else { Some(#inner) })
        }
        RustTy::Boxed(t) => {
            let inner = decode(t);
            quote!(Box::new(#inner))
        }
        RustTy::Repeated(t) => decode(t),
        RustTy::Prim(_) | RustTy::Named(_) => unreachable!("simple types are handled first"),
    }
}
