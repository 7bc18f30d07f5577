//! `json.rs` of a version (with the REST wire): `serde::Serialize`/`Deserialize` of
//! every type in `types.rs`, in the JSON form of NetServer's REST Agents API, beside the
//! XML codec of `codec.rs`. One line per field each way; the runtime's `json` module
//! does the rest (duplicate members, unknown members kept, limits).
//!
//! Values whose Rust type has another serde form (`Vec<u8>` of a `base64Binary`, floats
//! that may be NaN) are written and read through a form ([`form`]); enumerations by name,
//! flag sets as `"A, B"`, polymorphic enums by their discriminator member where the plan
//! has one (else as their base).

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::ident;
use crate::model::Builtin;
use crate::plan::{EnumPlan, FlagsPlan, PolyPlan, RecordPlan, RustTy, TypeItem, VersionPlan};

/// The whole `json.rs` of `v`.
pub fn json_file(v: &VersionPlan) -> TokenStream {
    let impls = v.types.iter().map(|t| match t {
        TypeItem::Record(r) => record(r),
        TypeItem::Enum(e) => enumeration(e),
        TypeItem::Flags(f) => flags(f),
        TypeItem::Poly(p) => poly(p),
    });
    quote! {
        use sogen_runtime::codegen::*;
        use super::types;
        #(#impls)*
    }
}

/// The form a value of `ty` is written and read in, when its serde impls are not the
/// REST form: `None` for values written as they are.
pub fn form(ty: &RustTy) -> Option<TokenStream> {
    match ty {
        RustTy::Prim(Builtin::Base64Binary) => Some(quote!(AsBase64)),
        RustTy::Prim(Builtin::Float | Builtin::Double) => Some(quote!(AsFloat)),
        RustTy::Prim(_) | RustTy::Named(_) => None,
        RustTy::Option(t) => form(t).map(|f| quote!(AsOption<#f>)),
        RustTy::Boxed(t) => form(t).map(|f| quote!(AsBox<#f>)),
        RustTy::List { item, .. } | RustTy::Repeated(item) => {
            form(item).map(|f| quote!(AsList<#f>))
        }
        RustTy::Map { value, .. } => form(value).map(|f| quote!(AsMap<#f>)),
    }
}

/// The signature lines every impl shares.
fn serialize_fn(body: TokenStream) -> TokenStream {
    quote! {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { #body }
    }
}

fn deserialize_fn(body: TokenStream) -> TokenStream {
    quote! {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> { #body }
    }
}

fn record(r: &RecordPlan) -> TokenStream {
    let name = ident(&r.rust);
    let extension = ident(&r.extension);
    // A name repeated down an inheritance chain is one member: the first field's (as
    // the XML codec reads it). Members in .NET's order: the type's own, then its bases'.
    let mut seen = std::collections::BTreeSet::new();
    let first: Vec<&crate::plan::FieldPlan> = (r.fields.iter())
        .filter(|f| seen.insert(f.xml_name.as_str()))
        .collect();
    let fields: Vec<(usize, &crate::plan::FieldPlan)> = (r.json_order().into_iter())
        .filter(|f| first.iter().any(|x| std::ptr::eq(*x, *f)))
        .enumerate()
        .collect();
    let writes = fields.iter().map(|(_, f)| {
        let (id, json) = (ident(&f.rust), &f.xml_name);
        match form(&f.ty) {
            Some(form) => quote!(m.field_as::<#form, _>(#json, &self.#id)?;),
            None => quote!(m.field(#json, &self.#id)?;),
        }
    });
    let reads: Vec<TokenStream> = fields
        .iter()
        .map(|(i, f)| {
            let (id, json) = (ident(&f.rust), &f.xml_name);
            let i = proc_macro2::Literal::usize_unsuffixed(*i);
            match form(&f.ty) {
                Some(form) => quote!(#json => m.value_as::<#form, _>(#i, &mut self.#id),),
                None => quote!(#json => m.value(#i, &mut self.#id),),
            }
        })
        .collect();
    let object = if fields.is_empty() {
        quote!(let m = JsonObject::new(s)?;)
    } else {
        quote!(let mut m = JsonObject::new(s)?;)
    };
    let serialize = serialize_fn(quote! {
        #object
        #(#writes)*
        m.end(&self.#extension)
    });
    let read = if reads.is_empty() {
        quote!(m.unknown(key, &mut self.#extension))
    } else {
        quote!(match key { #(#reads)* _ => m.unknown(key, &mut self.#extension), })
    };
    let deserialize = deserialize_fn(quote!(read_record(d)));
    quote! {
        impl Serialize for types::#name { #serialize }
        impl<'de> Deserialize<'de> for types::#name { #deserialize }
        impl JsonRecord for types::#name {
            fn read_member<'de, A: MapAccess<'de>>(
                &mut self,
                key: &str,
                m: &mut JsonFields<'_, 'de, A>,
            ) -> Result<(), A::Error> {
                #read
            }
        }
    }
}

fn enumeration(e: &EnumPlan) -> TokenStream {
    let name = ident(&e.rust);
    let serialize = serialize_fn(quote!(s.serialize_str(self.as_str())));
    let deserialize = deserialize_fn(quote!(read_enum(d)));
    quote! {
        impl Serialize for types::#name { #serialize }
        impl<'de> Deserialize<'de> for types::#name { #deserialize }
    }
}

/// A flag set as `"A, B"`, and its item enumeration by name.
fn flags(f: &FlagsPlan) -> TokenStream {
    let name = ident(&f.rust);
    let item = ident(&f.item.rust);
    let serialize = serialize_fn(quote!(write_flags(s, self.0.iter().map(types::#item::as_str))));
    let deserialize = deserialize_fn(quote!(read_flags(d).map(Self)));
    let item_impls = enumeration(&f.item);
    quote! {
        impl Serialize for types::#name { #serialize }
        impl<'de> Deserialize<'de> for types::#name { #deserialize }
        #item_impls
    }
}

fn poly(p: &PolyPlan) -> TokenStream {
    let name = ident(&p.rust);
    let base = ident(&p.variants[0].rust);
    let writes = p.variants.iter().map(|v| {
        let id = ident(&v.rust);
        quote!(Self::#id(v) => v.serialize(s),)
    });
    let serialize = serialize_fn(quote!(match self { #(#writes)* }));
    let read = match &p.discriminator {
        Some(d) => {
            let member = &d.member;
            let arms = d.variants.iter().map(|t| {
                let (value, id) = (&t.value, ident(&t.variant));
                quote!(Some(#value) => Self::#id(from_json(json)?),)
            });
            quote! {
                read_variant(d, #member, |tag, json| {
                    Ok(match tag { #(#arms)* _ => Self::#base(from_json(json)?), })
                })
            }
        }
        // No member tells the types apart in JSON: the base, with what the derived
        // types add kept as unknown members.
        None => quote!(read_record(d).map(Self::#base)),
    };
    let deserialize = deserialize_fn(read);
    quote! {
        impl Serialize for types::#name { #serialize }
        impl<'de> Deserialize<'de> for types::#name { #deserialize }
    }
}
