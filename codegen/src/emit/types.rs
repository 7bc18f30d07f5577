//! `types.rs` of a version: the data definitions, easy to scan (structs,
//! enums, flag sets, polymorphic enums, with their few inherent helpers).
//! Their `Encode`/`Decode` impls are in `codec.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::source::doc;
use super::ty::{ident, owned};
use crate::plan::{
    EnumPlan, FieldPlan, FlagsPlan, PolyPlan, RecordPlan, RustTy, TypeItem, VersionPlan,
};

/// The whole `types.rs` of `v`.
pub fn types_file(v: &VersionPlan) -> TokenStream {
    let items = v.types.iter().map(|t| match t {
        TypeItem::Record(r) => record(v, r),
        TypeItem::Enum(e) => enumeration(e),
        TypeItem::Flags(f) => flags(f),
        TypeItem::Poly(p) => poly(p),
    });
    // A plan fact: whether any definition names a runtime type (a field's
    // `DateTime`, the redacting `Debug`'s `fmt`).
    // Every record keeps unknown elements in an `ExtensionData`; other
    // items name runtime types only through records.
    let uses_runtime = v.types.iter().any(|t| matches!(t, TypeItem::Record(_)));
    let prelude = if uses_runtime {
        quote!(
            use sogen_runtime::codegen::*;
        )
    } else {
        quote!()
    };
    quote!(#prelude #(#items)*)
}

fn record(v: &VersionPlan, r: &RecordPlan) -> TokenStream {
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
        let (id, ty) = (ident(&f.rust), owned(&f.ty, ""));
        let docs = doc(&field_doc(f));
        quote!(#docs pub #id: #ty,)
    });
    let extension = ident(&r.extension);
    let fields = quote! {
        #(#fields)*
        /// Child elements this schema does not know (a newer server's fields), kept as
        /// received and written back after the known ones.
        pub #extension: ExtensionData,
    };
    let (derive_debug, debug_impl) = if r.has_secrets() {
        (quote!(), redacting_debug(r))
    } else {
        (quote!(Debug,), quote!())
    };
    let (derive_default, default_impl) = match tagged_default(v, r) {
        Some(imp) => (quote!(), imp),
        None => (quote!(Default), quote!()),
    };
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #derive_default)]
        pub struct #name { #fields }
        #debug_impl
        #default_impl
    }
}

/// `Default` for a derived type a discriminator names (`RecordPlan::tag`): every field's
/// default, the discriminator's its own value, so that a new value says what it is.
fn tagged_default(v: &VersionPlan, r: &RecordPlan) -> Option<TokenStream> {
    let tag = r.tag.as_ref()?;
    let field = r.fields.iter().find(|f| f.rust == tag.field)?;
    let (optional, enum_name) = match &field.ty {
        RustTy::Named(e) => (false, e),
        RustTy::Option(t) => match &**t {
            RustTy::Named(e) => (true, e),
            _ => return None,
        },
        _ => return None,
    };
    v.type_item(enum_name)?;
    let (name, e, variant) = (ident(&r.rust), ident(enum_name), ident(&tag.variant));
    let value = if optional {
        quote!(Some(#e::#variant))
    } else {
        quote!(#e::#variant)
    };
    let extension = ident(&r.extension);
    let fields = r.fields.iter().map(|f| {
        let id = ident(&f.rust);
        if f.rust == tag.field {
            quote!(#id: #value,)
        } else {
            quote!(#id: Default::default(),)
        }
    });
    let docs = doc(&format!(
        "Every field's default, `{}` `{}`.",
        field.xml_name, tag.value
    ));
    Some(quote! {
        #docs
        impl Default for #name {
            fn default() -> Self {
                Self { #(#fields)* #extension: Default::default() }
            }
        }
    })
}

/// `Debug` for a record holding secrets: every field as derived, secret
/// ones redacted.
fn redacting_debug(r: &RecordPlan) -> TokenStream {
    let (name, rust) = (ident(&r.rust), &r.rust);
    let fields = r.fields.iter().map(|f| {
        let id = ident(&f.rust);
        let label = f.rust.trim_start_matches("r#");
        if f.secret {
            quote!(.field(#label, &Redacted(&self.#id)))
        } else {
            quote!(.field(#label, &self.#id))
        }
    });
    let (extension, ext_label) = (ident(&r.extension), r.extension.as_str());
    let fields = quote!(#(#fields)* .field(#ext_label, &self.#extension));
    quote! {
        /// Secret fields show as `[redacted]`.
        impl fmt::Debug for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(#rust) #fields .finish()
            }
        }
    }
}

/// A field's rustdoc: its element name on the wire and how its Rust type maps.
fn field_doc(f: &FieldPlan) -> String {
    let secret = if f.secret {
        "; a secret: `Debug` shows `[redacted]`"
    } else {
        ""
    };
    format!("`<{}>`{}{secret}.", f.xml_name, f.ty.wire_note())
}

/// An enumeration with `as_str` and `From<&str>`.
fn enumeration(e: &EnumPlan) -> TokenStream {
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
    let (derive_default, manual_default) = if e.variants.is_empty() {
        let manual = quote! {
            impl Default for #name {
                fn default() -> Self { Self::#unknown(String::new()) }
            }
        };
        (quote!(), manual)
    } else {
        (quote!(Default,), quote!())
    };
    let docs = doc(&format!(
        "`{}`: values this schema lists, and `{}` for any other the server sends.",
        e.xml_name, e.unknown
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
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
        /// Never fails: a value the schema does not list is kept in the fallback variant.
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Ok(Self::from(s)) }
        }
        /// The value as written on the wire.
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    }
}

fn flags(f: &FlagsPlan) -> TokenStream {
    let name = ident(&f.rust);
    let item = ident(&f.item.rust);
    let docs = doc(&format!(
        "`{}`: a set of [`{}`] values, space-separated on the wire.",
        f.xml_name, f.item.rust
    ));
    let item_enum = enumeration(&f.item);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub struct #name(pub Vec<#item>);
        impl #name {
            /// Whether `flag` is in the set.
            pub fn contains(&self, flag: &#item) -> bool { self.0.contains(flag) }
        }
        /// The flags as written on the wire, space-separated.
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                for (i, flag) in self.0.iter().enumerate() {
                    if i > 0 { f.write_str(" ")?; }
                    f.write_str(flag.as_str())?;
                }
                Ok(())
            }
        }
        /// Never fails: flags the schema does not list are kept as sent.
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self(s.split_whitespace().map(#item::from).collect()))
            }
        }
        #item_enum
    }
}

fn poly(p: &PolyPlan) -> TokenStream {
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
    let docs = doc(&match &p.discriminator {
        Some(d) => format!(
            "A `{}` or any type derived from it, told apart by `xsi:type` (SOAP) or by \
             its `{}` member (REST).",
            p.xml_name, d.member
        ),
        None => format!(
            "A `{}` or any type derived from it, told apart by `xsi:type` (in JSON, \
             which has none, read as the base).",
            p.xml_name
        ),
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
        impl Default for #name {
            fn default() -> Self { Self::#base(Default::default()) }
        }
    }
}
