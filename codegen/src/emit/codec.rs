//! `codec.rs` of a version: the `Encode`/`Decode` impls of every type in
//! `types.rs`, kept out of the way of readers of the data definitions.
//! Types are named by path (`types::ChatMessage`), so a schema type can
//! take any name without clashing with the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::ns::Namespaces;
use super::ty::{decode, encode, ident};
use crate::plan::{EnumPlan, FlagsPlan, PolyPlan, RecordPlan, RustTy, TypeItem, VersionPlan};

/// The whole `codec.rs` of `v`.
pub fn codec_file(v: &VersionPlan) -> TokenStream {
    let nss = Namespaces::new(v);
    let impls: Vec<TokenStream> = v
        .types
        .iter()
        .map(|t| match t {
            TypeItem::Record(r) => record(r, &nss),
            TypeItem::Enum(e) => enumeration(e),
            TypeItem::Flags(f) => flags(f),
            TypeItem::Poly(p) => poly(p, &nss),
        })
        .collect();
    let decls = nss.decls();
    quote! {
        use sogen_runtime::codegen::*;
        use super::types;
        #decls
        #(#impls)*
    }
}

fn record(r: &RecordPlan, nss: &Namespaces<'_>) -> TokenStream {
    let name = ident(&r.rust);
    let extension = ident(&r.extension);
    let mut writes: Vec<TokenStream> = r
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.rust);
            encode(&f.ty, quote!(self.#id), false, &f.xml_ns, &f.xml_name, nss)
        })
        .collect();
    // As WCF writes extension data: after the known fields.
    writes.push(quote!(self.#extension.write(w);));
    let encode_impl = if r.in_poly {
        // A polymorphic enum writes the fields after its own typed start tag.
        quote! {
            impl types::#name {
                pub(super) fn encode_fields(&self, w: &mut XmlWriter) { #(#writes)* }
            }
            impl Encode for types::#name {
                fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                    w.open(ns, name);
                    self.encode_fields(w);
                    w.close(ns, name);
                }
            }
        }
    } else {
        quote! {
            impl Encode for types::#name {
                fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                    w.open(ns, name);
                    #(#writes)*
                    w.close(ns, name);
                }
            }
        }
    };
    // A name repeated down an inheritance chain is read into the first field.
    let mut seen = std::collections::BTreeSet::new();
    let arms: Vec<TokenStream> = r
        .fields
        .iter()
        .filter(|f| seen.insert(f.xml_name.as_str()))
        .map(|f| {
            let (id, xml) = (ident(&f.rust), &f.xml_name);
            let value = decode(&f.ty);
            match f.ty {
                RustTy::Repeated(_) => quote!(#xml => v.#id.push(#value),),
                _ => quote!(#xml => v.#id = #value,),
            }
        })
        .collect();
    let body = if arms.is_empty() {
        quote! {
            let mut v = Self::default();
            while r.next_child()?.is_some() { v.#extension.read(r)?; }
            Ok(v)
        }
    } else {
        quote! {
            let mut v = Self::default();
            while let Some(s) = r.next_child()? {
                match s.local_name() { #(#arms)* _ => v.#extension.read(r)?, }
            }
            Ok(v)
        }
    };
    quote! {
        #encode_impl
        impl Decode for types::#name {
            fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
                #body
            }
        }
    }
}

fn enumeration(e: &EnumPlan) -> TokenStream {
    let name = ident(&e.rust);
    quote! {
        impl Encode for types::#name {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) { w.leaf(ns, name, self.as_str()) }
        }
        impl Decode for types::#name {
            fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
                Ok(Self::from(r.text()?.trim()))
            }
        }
    }
}

/// A flag set; its item enumeration is written through the set only.
fn flags(f: &FlagsPlan) -> TokenStream {
    let name = ident(&f.rust);
    let item = ident(&f.item.rust);
    quote! {
        impl Encode for types::#name {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                w.leaf_words(ns, name, self.0.iter().map(types::#item::as_str))
            }
        }
        impl Decode for types::#name {
            fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
                Ok(Self(r.text()?.split_whitespace().map(types::#item::from).collect()))
            }
        }
    }
}

fn poly(p: &PolyPlan, nss: &Namespaces<'_>) -> TokenStream {
    let name = ident(&p.rust);
    let base = ident(&p.variants[0].rust);
    let encodes = p.variants.iter().enumerate().map(|(i, v)| {
        let id = ident(&v.rust);
        if i == 0 {
            quote!(Self::#id(v) => v.encode(w, ns, name),)
        } else {
            let (tns, tname) = (nss.get(&v.xml_ns), &v.xml_name);
            quote!(Self::#id(v) => {
                w.open_typed(ns, name, #tns, #tname);
                v.encode_fields(w);
                w.close(ns, name);
            })
        }
    });
    let decodes = p.variants.iter().skip(1).map(|v| {
        let (id, xml) = (ident(&v.rust), &v.xml_name);
        quote!(Some((_, #xml)) => Self::#id(Decode::decode(r, s)?),)
    });
    quote! {
        impl Encode for types::#name {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                match self { #(#encodes)* }
            }
        }
        impl Decode for types::#name {
            fn decode(r: &mut XmlReader<'_>, s: &ElementStart<'_>) -> Result<Self, DecodeError> {
                Ok(match s.xsi_type() {
                    #(#decodes)*
                    _ => Self::#base(Decode::decode(r, s)?),
                })
            }
        }
    }
}
