//! Version-relative descriptions of types and members, used both to compare
//! two versions and to show the result.
//!
//! A description never mentions the version's own namespace, so the same
//! type in `Services87` and `Services88` reads the same.

use crate::model::{Builtin, ComplexShape, Field, QName, SimpleType, TypeDef, TypeRef};

/// Describes references relative to one version's target namespace.
#[derive(Debug, Clone, Copy)]
pub(super) struct Namer<'v> {
    /// The version's target namespace.
    pub namespace: &'v str,
}

impl Namer<'_> {
    /// A type name without the version's namespace: `ChatSessionEntity` for
    /// the version's own types, `Arrays:ArrayOfint` for others.
    pub fn name(&self, q: &QName) -> String {
        let ns = q.namespace.as_str();
        if ns == self.namespace {
            return q.name.clone();
        }
        let rest = ns
            .strip_prefix(self.namespace)
            .filter(|r| r.starts_with('/') && !self.namespace.is_empty());
        let label = match rest {
            Some(sub) => sub.trim_matches('/'),
            None => ns.trim_end_matches('/').rsplit('/').next().unwrap_or(ns),
        };
        if label.is_empty() {
            q.name.clone()
        } else {
            format!("{label}:{}", q.name)
        }
    }

    /// A type reference: a name, a built-in's XML Schema name, or an
    /// anonymous type's structure.
    pub fn type_ref(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Builtin(b) => builtin(*b).to_owned(),
            TypeRef::Named(q) => self.name(q),
            TypeRef::Anonymous(def) => self.anonymous(def),
        }
    }

    /// A field as Rust sees it: type, `?` when optional, `[]` when repeated.
    pub fn field(&self, f: &Field) -> String {
        let mut s = self.type_ref(&f.ty);
        if f.min_occurs == 0 || f.nillable {
            s.push('?');
        }
        if !matches!(f.max_occurs, Some(0 | 1)) {
            s.push_str("[]");
        }
        s
    }

    /// The members of a complex type, by wire name, with their descriptions:
    /// fields, attributes as `@name`, a dictionary's `Key` and `Value`.
    pub fn members(&self, def: &TypeDef) -> Vec<(String, String)> {
        let TypeDef::Complex(c) = def else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = match &c.shape {
            ComplexShape::Dictionary { key, value, .. } => vec![
                ("Key".to_owned(), self.field(key)),
                ("Value".to_owned(), self.field(value)),
            ],
            ComplexShape::Record | ComplexShape::Array => c
                .fields
                .iter()
                .map(|f| (f.name.clone(), self.field(f)))
                .collect(),
        };
        out.extend(c.attributes.iter().map(|a| {
            let mut ty = self.type_ref(&a.ty);
            if !a.required {
                ty.push('?');
            }
            (format!("@{}", a.name.name), ty)
        }));
        out
    }

    fn anonymous(&self, def: &TypeDef) -> String {
        match def {
            TypeDef::Complex(_) => {
                let members: Vec<String> = self
                    .members(def)
                    .into_iter()
                    .map(|(n, t)| format!("{n}: {t}"))
                    .collect();
                format!("{{ {} }}", members.join(", "))
            }
            TypeDef::Simple(s) => kind(def).to_owned() + &simple_values(s),
        }
    }
}

/// What kind of Rust item a type becomes; a change of kind is breaking.
pub(super) fn kind(def: &TypeDef) -> String {
    match def {
        TypeDef::Complex(c) => match c.shape {
            ComplexShape::Record => "record",
            ComplexShape::Array => "array",
            ComplexShape::Dictionary { .. } => "dictionary",
        }
        .to_owned(),
        TypeDef::Simple(SimpleType::Enumeration { .. }) => "enumeration".to_owned(),
        TypeDef::Simple(SimpleType::FlagList { .. }) => "flags".to_owned(),
        TypeDef::Simple(SimpleType::Restriction { base }) => {
            format!("restricted {}", builtin(*base))
        }
    }
}

fn simple_values(s: &SimpleType) -> String {
    match s {
        SimpleType::Enumeration { values, .. } | SimpleType::FlagList { values } => {
            let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
            format!("({})", names.join("|"))
        }
        SimpleType::Restriction { .. } => String::new(),
    }
}

/// The XML Schema (or Serialization) name of a built-in.
pub(super) fn builtin(b: Builtin) -> &'static str {
    match b {
        Builtin::String => "string",
        Builtin::Boolean => "boolean",
        Builtin::Byte => "byte",
        Builtin::Short => "short",
        Builtin::Int => "int",
        Builtin::Long => "long",
        Builtin::UnsignedByte => "unsignedByte",
        Builtin::UnsignedShort => "unsignedShort",
        Builtin::UnsignedInt => "unsignedInt",
        Builtin::UnsignedLong => "unsignedLong",
        Builtin::Float => "float",
        Builtin::Double => "double",
        Builtin::Decimal => "decimal",
        Builtin::DateTime => "dateTime",
        Builtin::Duration => "duration",
        Builtin::Base64Binary => "base64Binary",
        Builtin::AnyUri => "anyURI",
        Builtin::QName => "QName",
        Builtin::Guid => "guid",
        Builtin::Char => "char",
        Builtin::AnyType => "anyType",
    }
}
