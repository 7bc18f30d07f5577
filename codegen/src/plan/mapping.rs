//! The schema -> Rust type mapping of one version: the Rust name of every
//! named type (decided once, over the whole version), and the [`RustTy`] of
//! every type reference and field.

use std::collections::BTreeMap;

use super::names::{camel, escape, snake, Registry};
use super::{reserved, secrets, FieldPlan, PlanError, RustTy};
use crate::model::{
    Builtin, ComplexShape, ComplexType, Field, QName, SimpleType, TypeDef, TypeRef, Version,
    MAX_INHERITANCE_DEPTH,
};

/// How a named XML type appears in Rust.
#[derive(Debug, Clone)]
pub(super) enum Mapped {
    /// A struct (and, when it has derived types, the polymorphic enum `poly`).
    Record { rust: String, poly: Option<String> },
    /// An enumeration or flag set.
    Simple(String),
    /// `ArrayOfX` or a dictionary: no type of its own.
    Inline,
    /// A restriction of a built-in.
    Prim(Builtin),
}

/// One version's type names and mapping.
pub(super) struct TypeMap<'a> {
    pub(super) version: &'a Version,
    pub(super) mapped: BTreeMap<QName, Mapped>,
    /// Every Rust name in `types` (and the names generated code relies on).
    pub(super) names: Registry,
    /// Extra secret fields: (type or wrapper XML name, field XML name).
    secret_fields: &'a [(String, String)],
}

impl<'a> TypeMap<'a> {
    /// Names every named type of `version`: the version's own namespace
    /// first, then the others, each in name order; then polymorphic enums.
    pub(super) fn new(version: &'a Version, secret_fields: &'a [(String, String)]) -> Self {
        let mut map = TypeMap {
            version,
            mapped: BTreeMap::new(),
            names: Registry::with_reserved(reserved::type_names()),
            secret_fields,
        };
        let mut order: Vec<&QName> = version.types.keys().collect();
        order.sort_by_key(|q| (q.namespace != version.namespace, *q));
        for q in order {
            let m = match &version.types[q].def {
                TypeDef::Complex(ct) if !matches!(ct.shape, ComplexShape::Record) => Mapped::Inline,
                TypeDef::Simple(SimpleType::Restriction { base }) => Mapped::Prim(*base),
                def => {
                    let plain = camel(&q.name);
                    let tagged = format!("{plain}{}", camel(ns_tag(&q.namespace)));
                    let rust = map.names.claim(&[plain, tagged], false);
                    match def {
                        TypeDef::Complex(_) => Mapped::Record { rust, poly: None },
                        TypeDef::Simple(_) => Mapped::Simple(rust),
                    }
                }
            };
            map.mapped.insert(q.clone(), m);
        }
        for base in version.derived.keys() {
            if let Some(Mapped::Record { rust, .. }) = map.mapped.get(base) {
                let name = map.names.claim(&[format!("{rust}Kind")], false);
                if let Some(Mapped::Record { poly, .. }) = map.mapped.get_mut(base) {
                    *poly = Some(name);
                }
            }
        }
        map
    }

    /// Where `q` is defined, for messages.
    pub(super) fn at(&self, q: &QName) -> String {
        self.version
            .types
            .get(q)
            .map(|t| t.source.to_string())
            .unwrap_or_else(|| self.version.name.clone())
    }

    fn dangling(&self, at: &str, q: &QName) -> PlanError {
        PlanError::Dangling {
            at: at.to_string(),
            name: q.clone(),
            version: self.version.name.clone(),
        }
    }

    /// The Rust type of a reference, before field wrapping.
    pub(super) fn map_ref(&self, r: &TypeRef, at: &str) -> Result<RustTy, PlanError> {
        let q = match r {
            TypeRef::Builtin(b) => return Ok(RustTy::Prim(*b)),
            TypeRef::Anonymous(def) => {
                return match &**def {
                    TypeDef::Simple(SimpleType::Restriction { base }) => Ok(RustTy::Prim(*base)),
                    _ => Err(PlanError::Unsupported {
                        at: at.to_string(),
                        what: "an anonymous complex type or enumeration inside a field".into(),
                    }),
                }
            }
            TypeRef::Named(q) => q,
        };
        match self.mapped.get(q).ok_or_else(|| self.dangling(at, q))? {
            Mapped::Record { rust, poly } => {
                Ok(RustTy::Named(poly.as_ref().unwrap_or(rust).clone()))
            }
            Mapped::Simple(rust) => Ok(RustTy::Named(rust.clone())),
            Mapped::Prim(b) => Ok(RustTy::Prim(*b)),
            Mapped::Inline => self.inline(q),
        }
    }

    /// An `ArrayOfX` or dictionary type, as a list or map.
    fn inline(&self, q: &QName) -> Result<RustTy, PlanError> {
        let here = self.at(q);
        let Some(TypeDef::Complex(ct)) = self.version.types.get(q).map(|t| &t.def) else {
            return Err(self.dangling(&here, q));
        };
        match &ct.shape {
            ComplexShape::Array => {
                let item = ct.fields.first().ok_or_else(|| PlanError::Unsupported {
                    at: here.clone(),
                    what: format!("array type {} without an item", q.name),
                })?;
                Ok(RustTy::List {
                    item_ns: item.namespace.clone(),
                    item_name: item.name.clone(),
                    item: Box::new(nil_able(self.map_ref(&item.ty, &here)?, item.nillable)),
                })
            }
            ComplexShape::Dictionary { entry, key, value } => Ok(RustTy::Map {
                entry_ns: key.namespace.clone(),
                entry_name: entry.clone(),
                key: Box::new(nil_able(self.map_ref(&key.ty, &here)?, key.nillable)),
                value: Box::new(nil_able(self.map_ref(&value.ty, &here)?, value.nillable)),
            }),
            ComplexShape::Record => Err(PlanError::Unsupported {
                at: here,
                what: format!("record {} used as a list", q.name),
            }),
        }
    }

    /// The Rust type of a field, list item or dictionary key or value: what
    /// the schema allows to be nil is `Option` (`None` is `xsi:nil`; only
    /// `AnyValue` has a nil of its own); repeated fields become `Vec`.
    pub(super) fn field_ty(&self, f: &Field, at: &str) -> Result<RustTy, PlanError> {
        let base = self.map_ref(&f.ty, at)?;
        let one = nil_able(base, f.nillable);
        if f.max_occurs != Some(1) && f.max_occurs != Some(0) {
            return Ok(RustTy::Repeated(Box::new(one)));
        }
        Ok(one)
    }

    /// Plans fields (of the type or wrapper `owner`, by XML name) with Rust
    /// names unique within one struct or method and not in `reserved`.
    pub(super) fn fields<'f, 'r>(
        &self,
        owner: &str,
        fields: impl IntoIterator<Item = &'f Field>,
        reserved: impl IntoIterator<Item = &'r str>,
        at: &str,
    ) -> Result<Vec<FieldPlan>, PlanError> {
        let mut names = Registry::with_reserved(reserved);
        fields
            .into_iter()
            .map(|f| {
                let ty = self.field_ty(f, at)?;
                let listed = self
                    .secret_fields
                    .iter()
                    .any(|(t, n)| t == owner && n == &f.name);
                let secret =
                    listed || (secrets::is_secret_name(&f.name) && secrets::is_textual(&ty));
                Ok(FieldPlan {
                    rust: names.claim(&[escape(&snake(&f.name))], true),
                    xml_name: f.name.clone(),
                    xml_ns: f.namespace.clone(),
                    ty,
                    secret,
                })
            })
            .collect()
    }

    /// The complex type `q` and its bases, root first.
    pub(super) fn chain(&self, q: &QName) -> Result<Vec<(&'a QName, &'a ComplexType)>, PlanError> {
        let mut out = Vec::new();
        let mut cur = Some(q);
        while let Some(c) = cur {
            let (key, t) = self
                .version
                .types
                .get_key_value(c)
                .ok_or_else(|| self.dangling(&self.at(q), c))?;
            let TypeDef::Complex(ct) = &t.def else {
                return Err(PlanError::Unsupported {
                    at: t.source.to_string(),
                    what: format!("{} extends a simple type", q.name),
                });
            };
            if let Some(first) = out.iter().position(|(k, _)| *k == key) {
                let mut cycle: Vec<String> = out[first..]
                    .iter()
                    .map(|(k, _): &(&QName, _)| k.name.clone())
                    .collect();
                cycle.push(key.name.clone());
                return Err(PlanError::CircularInheritance {
                    at: t.source.to_string(),
                    cycle,
                });
            }
            if out.len() > MAX_INHERITANCE_DEPTH {
                return Err(PlanError::InheritanceTooDeep {
                    at: self.at(q),
                    start: q.name.clone(),
                    limit: MAX_INHERITANCE_DEPTH,
                });
            }
            out.push((key, ct));
            cur = ct.base.as_ref();
        }
        out.reverse();
        Ok(out)
    }
}

/// `Option<ty>` when the schema allows nil and the type has no nil of its own.
fn nil_able(ty: RustTy, nillable: bool) -> RustTy {
    if nillable && !ty.carries_nil() {
        RustTy::Option(Box::new(ty))
    } else {
        ty
    }
}

/// The last path segment of a namespace URI (`.../Serialization/Arrays` -> `Arrays`).
pub(super) fn ns_tag(ns: &str) -> &str {
    ns.trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(ns)
}
