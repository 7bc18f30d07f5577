//! Model -> plan for one version: names every type, maps type references
//! to Rust types, flattens inheritance, then keeps what the agents reach.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{camel, escape, snake, Registry};
use super::{
    agents, reach, EnumPlan, FieldPlan, FlagsPlan, Options, Plan, PolyPlan, PolyVariant,
    RecordPlan, RustTy, TypeItem, VariantPlan, VersionPlan,
};
use crate::model::{
    Builtin, ComplexShape, ComplexType, EnumValue, Field, Model, QName, SimpleType, TypeDef,
    TypeRef, Version,
};

/// Why a model cannot be planned.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    /// A type reference names no type of the version.
    #[error("{at}: type {name} is referenced but not defined in {version}")]
    Dangling {
        /// Where the reference was found.
        at: String,
        /// The missing type.
        name: QName,
        /// The version searched.
        version: String,
    },
    /// An element reference names no element of the version.
    #[error("{at}: element {name} is referenced but not defined in {version}")]
    DanglingElement {
        /// Where the reference was found.
        at: String,
        /// The missing element.
        name: QName,
        /// The version searched.
        version: String,
    },
    /// A construct the generator does not map.
    #[error("{at}: unsupported: {what}")]
    Unsupported {
        /// Where it was found.
        at: String,
        /// What it is.
        what: String,
    },
    /// `--agents` named an agent that no version has.
    #[error("unknown agent `{name}`; available: {available}")]
    UnknownAgent {
        /// The requested name.
        name: String,
        /// Agent names found in the input.
        available: String,
    },
}

/// Plans every version of `model`, emitting the agents in `opts` (all when empty).
pub fn plan(model: &Model, opts: &Options) -> Result<Plan, PlanError> {
    for wanted in &opts.agents {
        let known = model
            .versions
            .iter()
            .any(|v| v.agents.iter().any(|a| a.name.eq_ignore_ascii_case(wanted)));
        if !known {
            let all: BTreeSet<&str> = model
                .versions
                .iter()
                .flat_map(|v| v.agents.iter().map(|a| a.name.as_str()))
                .collect();
            return Err(PlanError::UnknownAgent {
                name: wanted.clone(),
                available: all.into_iter().collect::<Vec<_>>().join(", "),
            });
        }
    }
    let mut versions = Vec::new();
    for v in &model.versions {
        let vp = plan_version(v, opts)?;
        if !vp.agents.is_empty() {
            versions.push(vp);
        }
    }
    versions.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(Plan { versions })
}

/// How a named XML type appears in Rust.
#[derive(Debug, Clone)]
enum Mapped {
    /// A struct (and, when it has derived types, the polymorphic enum `poly`).
    Record { rust: String, poly: Option<String> },
    /// An enumeration or flag set.
    Simple(String),
    /// `ArrayOfX` or a dictionary: no type of its own.
    Inline,
    /// A restriction of a built-in.
    Prim(Builtin),
}

/// The per-version context for mapping.
pub(super) struct Ctx<'a> {
    pub(super) version: &'a Version,
    mapped: BTreeMap<QName, Mapped>,
    pub(super) types: Registry,
}

impl<'a> Ctx<'a> {
    fn at(&self, q: &QName) -> String {
        self.version
            .types
            .get(q)
            .map(|t| t.source.to_string())
            .unwrap_or_else(|| self.version.name.clone())
    }

    /// The Rust type of a reference, before field wrapping.
    pub(super) fn map_ref(&self, r: &TypeRef, at: &str) -> Result<RustTy, PlanError> {
        match r {
            TypeRef::Builtin(b) => Ok(RustTy::Prim(*b)),
            TypeRef::Anonymous(def) => match &**def {
                TypeDef::Simple(SimpleType::Restriction { base }) => Ok(RustTy::Prim(*base)),
                _ => Err(PlanError::Unsupported {
                    at: at.to_string(),
                    what: "an anonymous complex type or enumeration inside a field".into(),
                }),
            },
            TypeRef::Named(q) => {
                let dangling = || PlanError::Dangling {
                    at: at.to_string(),
                    name: q.clone(),
                    version: self.version.name.clone(),
                };
                match self.mapped.get(q).ok_or_else(dangling)? {
                    Mapped::Record { rust, poly } => {
                        Ok(RustTy::Named(poly.clone().unwrap_or_else(|| rust.clone())))
                    }
                    Mapped::Simple(rust) => Ok(RustTy::Named(rust.clone())),
                    Mapped::Prim(b) => Ok(RustTy::Prim(*b)),
                    Mapped::Inline => {
                        let TypeDef::Complex(ct) = &self.version.types[q].def else {
                            unreachable!("inline types are complex")
                        };
                        let here = self.at(q);
                        match &ct.shape {
                            ComplexShape::Array => {
                                let item =
                                    ct.fields.first().ok_or_else(|| PlanError::Unsupported {
                                        at: here.clone(),
                                        what: format!("array type {} without an item", q.name),
                                    })?;
                                Ok(RustTy::List {
                                    item_ns: item.namespace.clone(),
                                    item_name: item.name.clone(),
                                    item: Box::new(self.map_ref(&item.ty, &here)?),
                                })
                            }
                            ComplexShape::Dictionary { entry, key, value } => Ok(RustTy::Map {
                                entry_ns: key.namespace.clone(),
                                entry_name: entry.clone(),
                                key: Box::new(self.map_ref(&key.ty, &here)?),
                                value: Box::new(self.map_ref(&value.ty, &here)?),
                            }),
                            ComplexShape::Record => unreachable!("records are not inline"),
                        }
                    }
                }
            }
        }
    }

    /// The Rust type of a field: repeated fields become `Vec`, nillable
    /// single values `Option` (lists, maps and anyType carry nil themselves).
    pub(super) fn field_ty(&self, f: &Field, at: &str) -> Result<RustTy, PlanError> {
        let base = self.map_ref(&f.ty, at)?;
        if f.max_occurs != Some(1) && f.max_occurs != Some(0) {
            return Ok(RustTy::Repeated(Box::new(base)));
        }
        let carries_nil = matches!(
            base,
            RustTy::List { .. } | RustTy::Map { .. } | RustTy::Prim(Builtin::AnyType)
        );
        Ok(if f.nillable && !carries_nil {
            RustTy::Option(Box::new(base))
        } else {
            base
        })
    }

    /// Plans fields with names unique within one struct or method.
    pub(super) fn fields<'f>(
        &self,
        fields: impl IntoIterator<Item = &'f Field>,
        reserved: &[&str],
        at: &str,
    ) -> Result<Vec<FieldPlan>, PlanError> {
        let mut names = Registry::with_reserved(reserved);
        fields
            .into_iter()
            .map(|f| {
                Ok(FieldPlan {
                    rust: names.claim(&[escape(&snake(&f.name))], true),
                    xml_name: f.name.clone(),
                    xml_ns: f.namespace.clone(),
                    ty: self.field_ty(f, at)?,
                })
            })
            .collect()
    }

    /// The complex type `q` and its bases, root first.
    fn chain(&self, q: &QName) -> Result<Vec<(&'a QName, &'a ComplexType)>, PlanError> {
        let mut out = Vec::new();
        let mut cur = Some(q.clone());
        while let Some(c) = cur {
            let (key, t) =
                self.version
                    .types
                    .get_key_value(&c)
                    .ok_or_else(|| PlanError::Dangling {
                        at: self.at(q),
                        name: c.clone(),
                        version: self.version.name.clone(),
                    })?;
            let TypeDef::Complex(ct) = &t.def else {
                return Err(PlanError::Unsupported {
                    at: t.source.to_string(),
                    what: format!("{} extends a simple type", q.name),
                });
            };
            if out.len() > 64 || out.iter().any(|(k, _)| *k == key) {
                return Err(PlanError::Unsupported {
                    at: t.source.to_string(),
                    what: format!("circular inheritance at {}", c.name),
                });
            }
            out.push((key, ct));
            cur = ct.base.clone();
        }
        out.reverse();
        Ok(out)
    }
}

fn plan_version(v: &Version, opts: &Options) -> Result<VersionPlan, PlanError> {
    let mut ctx = Ctx {
        version: v,
        mapped: BTreeMap::new(),
        types: Registry::default(),
    };
    name_types(&mut ctx);
    let mut items: BTreeMap<String, TypeItem> = BTreeMap::new();
    for (q, t) in &v.types {
        let at = t.source.to_string();
        match (&ctx.mapped[q], &t.def) {
            (Mapped::Record { rust, poly }, TypeDef::Complex(_)) => {
                let chain = ctx.chain(q)?;
                let fields = ctx.fields(chain.iter().flat_map(|(_, c)| &c.fields), &[], &at)?;
                let bases = chain
                    .iter()
                    .rev()
                    .skip(1)
                    .map(|(k, _)| k.name.clone())
                    .collect();
                items.insert(
                    rust.clone(),
                    TypeItem::Record(RecordPlan {
                        rust: rust.clone(),
                        xml_ns: q.namespace.clone(),
                        xml_name: q.name.clone(),
                        bases,
                        fields,
                        in_poly: false,
                    }),
                );
                if let Some(poly) = poly {
                    let mut variants = vec![(q, rust.clone())];
                    for d in &v.derived[q] {
                        if let Some(Mapped::Record { rust, .. }) = ctx.mapped.get(d) {
                            variants.push((d, rust.clone()));
                        }
                    }
                    let variants = variants
                        .into_iter()
                        .map(|(q, rust)| PolyVariant {
                            rust: rust.clone(),
                            record: rust,
                            xml_ns: q.namespace.clone(),
                            xml_name: q.name.clone(),
                        })
                        .collect();
                    items.insert(
                        poly.clone(),
                        TypeItem::Poly(PolyPlan {
                            rust: poly.clone(),
                            xml_name: q.name.clone(),
                            variants,
                        }),
                    );
                }
            }
            (Mapped::Simple(rust), TypeDef::Simple(SimpleType::Enumeration { values, .. })) => {
                items.insert(
                    rust.clone(),
                    TypeItem::Enum(enum_plan(rust, &q.name, values)),
                );
            }
            (Mapped::Simple(rust), TypeDef::Simple(SimpleType::FlagList { values })) => {
                let item_name = flag_item_name(rust);
                let item = ctx.types.claim(&[item_name], false);
                items.insert(
                    rust.clone(),
                    TypeItem::Flags(FlagsPlan {
                        rust: rust.clone(),
                        xml_name: q.name.clone(),
                        item: enum_plan(&item, &q.name, values),
                    }),
                );
            }
            (Mapped::Inline | Mapped::Prim(_), _) => {}
            (m, _) => unreachable!("{m:?} does not match {}", q.name),
        }
    }
    let selected: Vec<_> = v
        .agents
        .iter()
        .filter(|a| {
            opts.agents.is_empty() || opts.agents.iter().any(|w| w.eq_ignore_ascii_case(&a.name))
        })
        .collect();
    let agents = agents::plan_agents(&mut ctx, &selected, &mut items)?;
    reach::box_cycles(&mut items);
    let types = reach::reachable(&items, &agents);
    Ok(VersionPlan {
        name: v.name.clone(),
        module: snake(&v.name),
        namespace: v.namespace.clone(),
        types,
        agents,
    })
}

/// Decides the Rust name of every named type: the version's own namespace
/// first, then the others, each in name order; then polymorphic enums.
fn name_types(ctx: &mut Ctx<'_>) {
    let v = ctx.version;
    let mut order: Vec<&QName> = v.types.keys().collect();
    order.sort_by_key(|q| (q.namespace != v.namespace, *q));
    for q in order {
        let t = &v.types[q];
        let m = match &t.def {
            TypeDef::Complex(ct) if !matches!(ct.shape, ComplexShape::Record) => Mapped::Inline,
            TypeDef::Simple(SimpleType::Restriction { base }) => Mapped::Prim(*base),
            def => {
                let plain = camel(&q.name);
                let tagged = format!("{plain}{}", camel(ns_tag(&q.namespace)));
                let rust = ctx.types.claim(&[plain, tagged], false);
                match def {
                    TypeDef::Complex(_) => Mapped::Record { rust, poly: None },
                    TypeDef::Simple(_) => Mapped::Simple(rust),
                }
            }
        };
        ctx.mapped.insert(q.clone(), m);
    }
    for base in v.derived.keys() {
        if let Some(Mapped::Record { rust, .. }) = ctx.mapped.get(base) {
            let name = ctx.types.claim(&[format!("{rust}Kind")], false);
            if let Some(Mapped::Record { poly, .. }) = ctx.mapped.get_mut(base) {
                *poly = Some(name);
            }
        }
    }
}

/// The last path segment of a namespace URI (`.../Serialization/Arrays` -> `Arrays`).
fn ns_tag(ns: &str) -> &str {
    ns.trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(ns)
}

/// `ChatSessionFlags` -> `ChatSessionFlag`; otherwise `<Name>Item`.
fn flag_item_name(set: &str) -> String {
    match set.strip_suffix('s') {
        Some(one) if set.ends_with("Flags") => one.to_string(),
        _ => format!("{set}Item"),
    }
}

fn enum_plan(rust: &str, xml_name: &str, values: &[EnumValue]) -> EnumPlan {
    let mut names = Registry::default();
    let variants: Vec<VariantPlan> = values
        .iter()
        .map(|v| VariantPlan {
            rust: names.claim(&[camel(&v.name)], false),
            xml: v.name.clone(),
            value: v.value,
        })
        .collect();
    let unknown = names.claim(&["Unknown".into(), "UnknownValue".into()], false);
    EnumPlan {
        rust: rust.to_string(),
        xml_name: xml_name.to_string(),
        variants,
        unknown,
    }
}
