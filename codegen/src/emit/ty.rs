//! Tokens for planned names and [`RustTy`]s: identifiers, the Rust types
//! the plan spells out, and the statements that encode a value or decode
//! one from the element just started.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ns::Namespaces;
use crate::plan::names::is_ident;
use crate::plan::RustTy;

/// An identifier from a planned (possibly `r#`-escaped) name. The plan only
/// makes valid identifiers; should one not be, the file fails to parse and
/// emitting reports an error instead of panicking.
pub fn ident(name: &str) -> TokenStream {
    if !is_ident(name) {
        return quote!(#name);
    }
    let id = match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    };
    quote!(#id)
}

/// Tokens for a Rust type the plan spelled out (`RustTy::rust_type`).
pub fn parse_type(text: &str) -> TokenStream {
    match syn::parse_str::<syn::Type>(text) {
        Ok(t) => quote!(#t),
        // As in `ident`: a file that cannot parse becomes an `EmitError`.
        Err(_) => quote!(#text),
    }
}

/// Tokens for a path (`crate::arb`), checked when the `Config` was validated.
pub fn parse_path(text: &str) -> TokenStream {
    match syn::parse_str::<syn::Path>(text) {
        Ok(p) => quote!(#p),
        Err(_) => quote!(#text),
    }
}

/// The owned type (a field's, a return value's), generated types prefixed.
pub fn owned(ty: &RustTy, prefix: &str) -> TokenStream {
    parse_type(&ty.rust_type(prefix))
}

/// The type a method takes for a parameter.
pub fn param(ty: &RustTy, prefix: &str) -> TokenStream {
    parse_type(&ty.param_type(prefix))
}

/// The runtime's reader (`decode_list`, `decode_map`) of a list or dictionary whose items
/// (keys, values) its list and map helpers read and write; `None` for any other type.
/// Under an `Option`, such a collection is one `*_nillable*` call each way.
pub fn collection_reader(t: &RustTy) -> Option<TokenStream> {
    match t {
        RustTy::List { item, .. } if item.is_codec_leaf() => Some(quote!(decode_list)),
        RustTy::Map { key, value, .. } if key.is_codec_leaf() && value.is_codec_leaf() => {
            Some(quote!(decode_map))
        }
        _ => None,
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
    nss: &Namespaces<'_>,
) -> TokenStream {
    let nst = nss.get(ns);
    let borrowed = if is_ref { val.clone() } else { quote!(&#val) };
    match ty {
        t if t.is_codec_leaf() => quote!(#val.encode(w, #nst, #name);),
        RustTy::List {
            item_ns,
            item_name,
            item,
        } if item.is_codec_leaf() => {
            let item_nst = nss.get(item_ns);
            quote!(encode_list(w, #nst, #name, #item_nst, #item_name, #borrowed);)
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
        } if key.is_codec_leaf() && value.is_codec_leaf() => {
            let ent = nss.get(entry_ns);
            quote!(encode_map(w, #nst, #name, #ent, #entry_name, #borrowed);)
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
        // A list or map that may be nil: one runtime call where the runtime has one.
        RustTy::Option(t) => match &**t {
            RustTy::List {
                item_ns,
                item_name,
                item,
            } if !is_ref && item.is_codec_leaf() => {
                let item_nst = nss.get(item_ns);
                quote!(encode_nillable_list(w, #nst, #name, #item_nst, #item_name, #val.as_deref());)
            }
            RustTy::Map {
                entry_ns,
                entry_name,
                ..
            } if !is_ref && collection_reader(t).is_some() => {
                let ent = nss.get(entry_ns);
                quote!(encode_nillable_map(w, #nst, #name, #ent, #entry_name, #val.as_ref());)
            }
            _ => {
                let inner = encode(t, quote!(v), true, ns, name, nss);
                let place = if is_ref { val } else { quote!(&#val) };
                quote!(match #place { Some(v) => { #inner } None => w.nil(#nst, #name), })
            }
        },
        RustTy::Boxed(t) => encode(t, val, is_ref, ns, name, nss),
        RustTy::Prim(_) | RustTy::Named(_) => quote!(#val.encode(w, #nst, #name);),
    }
}

/// Statements writing parameter `val` (a `param_type` value) as element `name`:
/// where nil is allowed, through the runtime's `Nillable` / `ItemList`.
pub fn encode_param(
    ty: &RustTy,
    val: TokenStream,
    ns: &str,
    name: &str,
    nss: &Namespaces<'_>,
) -> TokenStream {
    let nst = nss.get(ns);
    let list_items = |list: &RustTy| match list {
        RustTy::List {
            item_ns, item_name, ..
        } => Some((nss.get(item_ns), item_name.clone())),
        _ => None,
    };
    match ty {
        RustTy::Option(t) => match t.without_wrappers() {
            list @ RustTy::List { .. } if list.items_fit_item_list() => {
                let (item_nst, item_name) = list_items(list).unwrap_or_default();
                quote!(encode_items(w, #nst, #name, #item_nst, #item_name, &#val);)
            }
            RustTy::List { .. } | RustTy::Map { .. } => encode(ty, val, true, ns, name, nss),
            _ => quote!(encode_nillable(w, #nst, #name, &#val);),
        },
        RustTy::List { item, .. }
            if matches!(**item, RustTy::Option(_)) && ty.items_fit_item_list() =>
        {
            let (item_nst, item_name) = list_items(ty).unwrap_or_default();
            quote!(encode_items(w, #nst, #name, #item_nst, #item_name, &#val);)
        }
        _ => encode(ty, val, true, ns, name, nss),
    }
}

/// An expression decoding the element `s` just started on `r` as `ty`.
pub fn decode(ty: &RustTy) -> TokenStream {
    decode_at(ty, quote!(&s))
}

/// As [`decode`], for the element that `start` (a `&ElementStart`) started: `s` in a
/// closure handed `s: &ElementStart`, where `&s` would borrow twice.
pub fn decode_at(ty: &RustTy, start: TokenStream) -> TokenStream {
    match ty {
        t if t.is_codec_leaf() => quote!(Decode::decode(r, #start)?),
        RustTy::List { item, .. } if item.is_codec_leaf() => quote!(decode_list(r, #start)?),
        RustTy::List { item, .. } => {
            let inner = decode(item);
            quote!({
                let mut items = Vec::new();
                while let Some(s) = r.next_child()? { items.push(#inner); }
                items
            })
        }
        RustTy::Map { key, value, .. } if key.is_codec_leaf() && value.is_codec_leaf() => {
            quote!(decode_map(r, #start)?)
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
                Map(pairs)
            })
        }
        RustTy::Option(t) => match collection_reader(t) {
            Some(read) => quote!(decode_nillable(r, #start, #read)?),
            None => {
                let inner = decode_at(t, start);
                quote!(if s.is_nil() { r.skip()?; None } else { Some(#inner) })
            }
        },
        RustTy::Boxed(t) => {
            let inner = decode_at(t, start);
            quote!(Box::new(#inner))
        }
        RustTy::Repeated(t) => decode_at(t, start),
        RustTy::Prim(_) | RustTy::Named(_) => quote!(Decode::decode(r, #start)?),
    }
}
