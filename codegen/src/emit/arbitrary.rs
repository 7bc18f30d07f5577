//! Optional `proptest::arbitrary::Arbitrary` impls for every generated type
//! (`Builder::arbitrary`), for property tests of the codec.
//!
//! `Parameters` is a depth: nested generated types are generated while it
//! lasts and take their default below, so recursive and widely shared
//! types stay finite. Primitives whose every value is not representable in
//! XML (strings, floats, chars) or that live in the runtime come from a
//! module of the including crate, `arb` below, which provides: `string`,
//! `word`, `f32`, `f64`, `char`, `bytes`, `decimal`, `date_time`,
//! `duration`, `guid`, `qname`, `any_value`, `extension_data` (each
//! `-> BoxedStrategy<_>`), `nested::<T>(depth: u32) -> BoxedStrategy<T>`,
//! `enumeration::<T>(listed: Vec<T>, unlisted: BoxedStrategy<T>) -> BoxedStrategy<T>`
//! (an enumeration's values; whether unlisted ones are drawn is its choice) and
//! `variants::<T>(base: BoxedStrategy<T>, derived: Vec<BoxedStrategy<T>>) -> BoxedStrategy<T>`
//! (a polymorphic value JSON has no discriminator for; whether derived types are
//! drawn is its choice) and
//! `dictionary::<K, V>(pairs: BoxedStrategy<Vec<(K, V)>>) -> BoxedStrategy<Map<K, V>>`
//! (whether nil or repeated keys are kept is its choice).

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::ident;
use crate::model::Builtin;
use crate::plan::{
    prim_name, EnumPlan, FieldPlan, FlagsPlan, PolyPlan, RecordPlan, RecordTag, RustTy, TypeItem,
    VersionPlan,
};

/// The discriminator field of a tagged record and its value as an expression (a
/// pattern too), `Some(..)` for a nillable field.
fn tag_value(field: Option<FieldPlan>, tag: &RecordTag) -> Option<(TokenStream, TokenStream)> {
    let field = field?;
    let (optional, e) = match &field.ty {
        RustTy::Named(e) => (false, e.clone()),
        RustTy::Option(t) => match &**t {
            RustTy::Named(e) => (true, e.clone()),
            _ => return None,
        },
        _ => return None,
    };
    let (e, variant) = (ident(&e), ident(&tag.variant));
    let value = if optional {
        quote!(Some(types::#e::#variant))
    } else {
        quote!(types::#e::#variant)
    };
    Some((ident(&field.rust), value))
}

/// The whole `arbitrary.rs` of `v`, primitives drawn from module `arb`.
pub fn arbitrary_file(v: &VersionPlan, arb: &str) -> TokenStream {
    let arb = super::ty::parse_path(arb);
    let impls = v.types.iter().map(|t| match t {
        TypeItem::Record(r) => record(r, &arb),
        TypeItem::Enum(e) => enumeration(e, &arb),
        TypeItem::Flags(f) => flags(f, &arb),
        TypeItem::Poly(p) => poly(v, p, &arb),
    });
    quote! {
        use super::types;
        #(#impls)*
    }
}

const S: &str = "proptest::strategy::Strategy";

/// The strategy expression for `ty`; generated types are named with the
/// `types` prefix (empty inside `types.rs`) and nested `depth` levels deep.
fn strategy(ty: &RustTy, arb: &TokenStream, types: &TokenStream) -> TokenStream {
    let any = |t: TokenStream| quote!(proptest::arbitrary::any::<#t>().boxed());
    match ty {
        RustTy::Prim(b) => match b {
            Builtin::String | Builtin::AnyUri => quote!(#arb::string()),
            Builtin::Float => quote!(#arb::f32()),
            Builtin::Double => quote!(#arb::f64()),
            Builtin::Char => quote!(#arb::char()),
            Builtin::Base64Binary => quote!(#arb::bytes()),
            Builtin::Decimal => quote!(#arb::decimal()),
            Builtin::DateTime => quote!(#arb::date_time()),
            Builtin::Duration => quote!(#arb::duration()),
            Builtin::Guid => quote!(#arb::guid()),
            Builtin::QName => quote!(#arb::qname()),
            Builtin::AnyType => quote!(#arb::any_value()),
            b => any(super::ty::parse_type(prim_name(*b))),
        },
        RustTy::Named(n) => {
            let n = ident(n);
            quote!(#arb::nested::<#types #n>(depth))
        }
        RustTy::Option(t) => {
            let s = strategy(t, arb, types);
            quote!(proptest::option::of(#s).boxed())
        }
        RustTy::Boxed(t) => {
            let s = strategy(t, arb, types);
            quote!(#s.prop_map(Box::new).boxed())
        }
        RustTy::List { item: t, .. } | RustTy::Repeated(t) => {
            let s = strategy(t, arb, types);
            quote!(proptest::collection::vec(#s, 0..3).boxed())
        }
        RustTy::Map { key, value, .. } => {
            let (k, v) = (strategy(key, arb, types), strategy(value, arb, types));
            quote!(#arb::dictionary(proptest::collection::vec((#k, #v), 0..3).boxed()))
        }
    }
}

fn header(name: &TokenStream, body: TokenStream) -> TokenStream {
    let s = super::ty::parse_path(S);
    quote! {
        impl proptest::arbitrary::Arbitrary for types::#name {
            type Parameters = u32;
            type Strategy = proptest::strategy::BoxedStrategy<Self>;
            #[allow(unused_variables)]
            fn arbitrary_with(depth: u32) -> Self::Strategy {
                use #s as _;
                #body
            }
        }
    }
}

/// Nests `items` into tuples of at most 10 (proptest's tuple impls stop at 12).
fn tuple(items: Vec<(TokenStream, TokenStream)>) -> (TokenStream, TokenStream) {
    if items.len() <= 10 {
        let (s, p): (Vec<_>, Vec<_>) = items.into_iter().unzip();
        return (quote!((#(#s,)*)), quote!((#(#p,)*)));
    }
    let chunks: Vec<(TokenStream, TokenStream)> =
        items.chunks(10).map(|c| tuple(c.to_vec())).collect();
    tuple(chunks)
}

/// `Arbitrary` for a struct, unknown elements (`extension_data`) included.
fn record(r: &RecordPlan, arb: &TokenStream) -> TokenStream {
    let name = ident(&r.rust);
    let mut items: Vec<(TokenStream, TokenStream)> = r
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.rust);
            (strategy(&f.ty, arb, &quote!(types::)), quote!(#id))
        })
        .collect();
    let extension = ident(&r.extension);
    items.push((quote!(#arb::extension_data()), quote!(#extension)));
    let ids: Vec<TokenStream> = items.iter().map(|(_, id)| id.clone()).collect();
    let (strategies, pattern) = tuple(items);
    let body = quote!(#strategies.prop_map(|#pattern| Self { #(#ids),* }).boxed());
    header(&quote!(#name), body)
}

/// `Arbitrary` for an enumeration: a listed value or an unlisted word.
fn enumeration(e: &EnumPlan, arb: &TokenStream) -> TokenStream {
    let name = ident(&e.rust);
    let unknown = ident(&e.unknown);
    let listed = e.variants.iter().map(|v| {
        let id = ident(&v.rust);
        quote!(Self::#id)
    });
    let other = quote! {
        #arb::word().prop_filter_map("an unlisted value", |s| match Self::from(s.as_str()) {
            v @ Self::#unknown(_) => Some(v),
            _ => None,
        })
    };
    let body = if e.variants.is_empty() {
        quote!(#other.boxed())
    } else {
        quote!(#arb::enumeration(vec![#(#listed),*], #other.boxed()))
    };
    header(&quote!(#name), body)
}

/// `Arbitrary` for a flag set and its item enumeration.
fn flags(f: &FlagsPlan, arb: &TokenStream) -> TokenStream {
    let name = ident(&f.rust);
    let item = ident(&f.item.rust);
    let set = header(
        &quote!(#name),
        quote!(proptest::collection::vec(proptest::arbitrary::any::<types::#item>(), 0..4).prop_map(Self).boxed()),
    );
    let item_impl = enumeration(&f.item, arb);
    quote!(#set #item_impl)
}

/// `Arbitrary` for a polymorphic enum: any of its variants. With a discriminator, each
/// derived variant carries its own value in the discriminator field, and the base none
/// of theirs (as the server's values do: the value is what tells them apart in JSON).
fn poly(v: &VersionPlan, p: &PolyPlan, arb: &TokenStream) -> TokenStream {
    let name = ident(&p.rust);
    let tags: Vec<(&str, &RecordTag)> = (p.variants.iter())
        .filter_map(|pv| match v.type_item(&pv.record) {
            Some(TypeItem::Record(r)) => r.tag.as_ref().map(|t| (pv.record.as_str(), t)),
            _ => None,
        })
        .collect();
    let field_of = |record: &str, field: &str| match v.type_item(record) {
        Some(TypeItem::Record(r)) => r.fields.iter().find(|f| f.rust == field).cloned(),
        _ => None,
    };
    let variants = p.variants.iter().enumerate().map(|(i, pv)| {
        let id = ident(&pv.rust);
        let s = strategy(&RustTy::Named(pv.record.clone()), arb, &quote!(types::));
        let tag = tags.iter().find(|(r, _)| *r == pv.record);
        match (i, tag, tags.first()) {
            (_, Some((r, tag)), _) => match tag_value(field_of(r, &tag.field), tag) {
                Some((field, value)) => quote!(#s.prop_map(|mut v| {
                    v.#field = #value;
                    Self::#id(v)
                }).boxed()),
                None => quote!(#s.prop_map(Self::#id).boxed()),
            },
            (0, None, Some((r, first))) => {
                let values: Vec<TokenStream> = (tags.iter())
                    .filter_map(|(r, t)| tag_value(field_of(r, &t.field), t).map(|(_, v)| v))
                    .collect();
                match tag_value(field_of(r, &first.field), first) {
                    Some((field, _)) => {
                        quote!(#s.prop_filter("a value naming no derived type", |v| {
                        !matches!(v.#field, #(#values)|*)
                    }).prop_map(Self::#id).boxed())
                    }
                    None => quote!(#s.prop_map(Self::#id).boxed()),
                }
            }
            _ => quote!(#s.prop_map(Self::#id).boxed()),
        }
    });
    let variants: Vec<TokenStream> = variants.collect();
    let body = if p.discriminator.is_some() {
        quote!(proptest::strategy::Union::new(vec![#(#variants),*]).boxed())
    } else {
        // JSON cannot tell these variants apart: the `arb` module decides whether the
        // derived ones are drawn (not for a JSON round trip).
        let (base, derived) = variants
            .split_first()
            .map_or((quote!(), &[][..]), |(b, d)| (b.clone(), d));
        quote!(#arb::variants(#base, vec![#(#derived),*]))
    };
    header(&quote!(#name), body)
}

/// A strategy for an operation parameter of type `ty` (an owned value of
/// what the method takes: `Option<T>` where the parameter may be nil),
/// generated types prefixed with `types`, nested types limited by a
/// `depth: u32` in scope; and how to pass a value `{}` of it to the method
/// (`&{}`, `{}`, `{}.as_ref()`, ...).
pub fn param_strategy(ty: &RustTy, arb: &str, types: &str) -> (String, String) {
    let arb = super::ty::parse_path(arb);
    // A path prefix (`crate::generated::services88::types::`).
    let types: TokenStream = types.parse().unwrap_or_default();
    let pass = match ty {
        RustTy::Option(inner) => match inner.without_wrappers() {
            RustTy::Prim(_) if !ty.param_by_ref() => "{}",
            RustTy::Prim(Builtin::String | Builtin::AnyUri | Builtin::Base64Binary)
            | RustTy::List { .. } => "{}.as_deref()",
            RustTy::Map { .. } => "{}.as_deref().map(|m| m.as_slice())",
            _ => "{}.as_ref()",
        },
        _ if ty.param_by_ref() => "&{}",
        _ => "{}",
    };
    let strategy = match ty {
        RustTy::Option(_) => strategy(ty, &arb, &types),
        other => strategy(other.without_wrappers(), &arb, &types),
    };
    (strategy.to_string(), pass.to_owned())
}
