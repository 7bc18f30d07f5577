//! `types.rs` of a version: structs, enums, flag sets and polymorphic
//! enums with their `Encode`/`Decode` impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::ns::Namespaces;
use super::ty::{decode, encode, ident, owned};
use super::{arbitrary, doc, Options};
use crate::plan::{EnumPlan, FlagsPlan, PolyPlan, RecordPlan, RustTy, TypeItem, VersionPlan};

/// The whole `types.rs` of `v`.
pub fn types_file(v: &VersionPlan, opts: &Options) -> TokenStream {
    let nss = Namespaces::new(&v.namespace);
    let serde = opts.serde_derive();
    let arb: Option<TokenStream> = opts
        .arbitrary
        .as_deref()
        .map(|p| p.parse().expect("Builder::arbitrary takes a module path"));
    let items: Vec<TokenStream> = v
        .types
        .iter()
        .map(|t| {
            let code = match t {
                TypeItem::Record(r) => record(r, &nss, &serde),
                TypeItem::Enum(e) => enumeration(e, true, &serde),
                TypeItem::Flags(f) => flags(f, &serde),
                TypeItem::Poly(p) => poly(p, &nss, &serde),
            };
            let arbitrary = match (&arb, t) {
                (None, _) => quote!(),
                (Some(a), TypeItem::Record(r)) => arbitrary::record(r, a),
                (Some(a), TypeItem::Enum(e)) => arbitrary::enumeration(e, a),
                (Some(a), TypeItem::Flags(f)) => arbitrary::flags(f, a),
                (Some(a), TypeItem::Poly(p)) => arbitrary::poly(p, a),
            };
            quote!(#code #arbitrary)
        })
        .collect();
    let decls = nss.decls();
    let uses = if v.types.is_empty() {
        quote!()
    } else {
        quote!(
            use sogen_runtime::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};
        )
    };
    quote!(#uses #decls #(#items)*)
}

fn record(r: &RecordPlan, nss: &Namespaces, serde: &TokenStream) -> TokenStream {
    let name = ident(&r.rust);
    let mut text = format!("`{}`", r.xml_name);
    if !r.bases.is_empty() {
        text += &format!(
            ", extending `{}` (its fields come first)",
            r.bases.join("` < `")
        );
    }
    let docs = doc(&format!("{text}."));
    let fields = r.fields.iter().map(|f| {
        let (id, ty) = (ident(&f.rust), owned(&f.ty, &quote!()));
        let docs = doc(&field_doc(&f.xml_name, &f.ty));
        quote!(#docs pub #id: #ty,)
    });
    let writes: Vec<TokenStream> = r
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.rust);
            encode(&f.ty, quote!(self.#id), false, &f.xml_ns, &f.xml_name, nss)
        })
        .collect();
    let encode_impl = if r.in_poly {
        quote! {
            impl #name {
                fn encode_fields(&self, w: &mut XmlWriter) { #(#writes)* }
            }
            impl Encode for #name {
                fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                    w.open(ns, name);
                    self.encode_fields(w);
                    w.close(ns, name);
                }
            }
        }
    } else {
        quote! {
            impl Encode for #name {
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
            while r.next_child()?.is_some() { r.skip()?; }
            Ok(Self::default())
        }
    } else {
        quote! {
            let mut v = Self::default();
            while let Some(s) = r.next_child()? {
                match s.local_name() { #(#arms)* _ => r.skip()?, }
            }
            Ok(v)
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        #serde
        pub struct #name { #(#fields)* }
        #encode_impl
        impl Decode for #name {
            fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
                #body
            }
        }
    }
}

/// An enumeration; `codec` adds its own `Encode`/`Decode` (flag items go
/// through their set instead).
fn enumeration(e: &EnumPlan, codec: bool, serde: &TokenStream) -> TokenStream {
    let name = ident(&e.rust);
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let id = ident(&v.rust);
        let text = match v.value {
            Some(n) => format!("`{}` ({n}).", v.xml),
            None => format!("`{}`.", v.xml),
        };
        let docs = doc(&text);
        let default = if i == 0 { quote!(#[default]) } else { quote!() };
        quote!(#docs #default #id,)
    });
    let to_str = e.variants.iter().map(|v| {
        let (id, xml) = (ident(&v.rust), &v.xml);
        quote!(Self::#id => #xml,)
    });
    let from_str = e.variants.iter().map(|v| {
        let (id, xml) = (ident(&v.rust), &v.xml);
        quote!(#xml => Self::#id,)
    });
    let derive_default = if e.variants.is_empty() {
        quote!()
    } else {
        quote!(Default,)
    };
    let manual_default = if e.variants.is_empty() {
        quote! {
            impl Default for #name {
                fn default() -> Self { Self::#unknown(String::new()) }
            }
        }
    } else {
        quote!()
    };
    let docs = doc(&format!(
        "`{}`: values this schema lists, and `{}` for any other the server sends.",
        e.xml_name, e.unknown
    ));
    let codec = if codec {
        quote! {
            impl Encode for #name {
                fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) { w.leaf(ns, name, self.as_str()) }
            }
            impl Decode for #name {
                fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
                    Ok(Self::from(r.text()?.trim()))
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
        #serde
        pub enum #name {
            #(#variants)*
            /// A value not in this schema, kept as sent.
            #unknown(String),
        }
        #manual_default
        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#to_str)* Self::#unknown(s) => s, }
            }
        }
        impl From<&str> for #name {
            fn from(s: &str) -> Self {
                match s { #(#from_str)* _ => Self::#unknown(s.to_string()), }
            }
        }
        #codec
    }
}

fn flags(f: &FlagsPlan, serde: &TokenStream) -> TokenStream {
    let name = ident(&f.rust);
    let item = ident(&f.item.rust);
    let docs = doc(&format!(
        "`{}`: a set of [`{}`] values, space-separated on the wire.",
        f.xml_name, f.item.rust
    ));
    let item_enum = enumeration(&f.item, false, serde);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        #serde
        pub struct #name(pub Vec<#item>);
        impl #name {
            /// Whether `flag` is in the set.
            pub fn contains(&self, flag: &#item) -> bool { self.0.contains(flag) }
        }
        impl Encode for #name {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                let words: Vec<&str> = self.0.iter().map(#item::as_str).collect();
                w.leaf(ns, name, &words.join(" "))
            }
        }
        impl Decode for #name {
            fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
                Ok(Self(r.text()?.split_whitespace().map(#item::from).collect()))
            }
        }
        #item_enum
    }
}

fn poly(p: &PolyPlan, nss: &Namespaces, serde: &TokenStream) -> TokenStream {
    let name = ident(&p.rust);
    let base = ident(&p.variants[0].rust);
    let variants = p.variants.iter().enumerate().map(|(i, v)| {
        let (id, rec) = (ident(&v.rust), ident(&v.record));
        let docs = doc(&if i == 0 {
            format!("`{}` itself (no `xsi:type`).", v.xml_name)
        } else {
            format!("`xsi:type=\"{}\"`.", v.xml_name)
        });
        quote!(#docs #id(#rec),)
    });
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
    let docs = doc(&format!(
        "A `{}` or any type derived from it, told apart by `xsi:type`.",
        p.xml_name
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #serde
        pub enum #name { #(#variants)* }
        impl Default for #name {
            fn default() -> Self { Self::#base(Default::default()) }
        }
        impl Encode for #name {
            fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
                match self { #(#encodes)* }
            }
        }
        impl Decode for #name {
            fn decode(r: &mut XmlReader<'_>, s: &ElementStart<'_>) -> Result<Self, DecodeError> {
                Ok(match s.xsi_type() {
                    #(#decodes)*
                    _ => Self::#base(Decode::decode(r, s)?),
                })
            }
        }
    }
}

/// A field's rustdoc: its element name on the wire and how its Rust type maps.
fn field_doc(xml_name: &str, ty: &RustTy) -> String {
    let how = match ty {
        RustTy::Option(_) => "; `None` is `xsi:nil`",
        RustTy::List { .. } => "; one child element per item",
        RustTy::Map { .. } => "; one key/value entry per pair, in order",
        RustTy::Repeated(_) => "; the element repeated once per item",
        RustTy::Prim(_) | RustTy::Named(_) | RustTy::Boxed(_) => "",
    };
    format!("`<{xml_name}>`{how}.")
}
