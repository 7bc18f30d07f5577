//! Type items of one version: a record per complex type (inherited fields
//! flattened, base first), a polymorphic enum per base with derived types,
//! enumerations and flag sets.

use std::collections::BTreeMap;

use super::mapping::{Mapped, TypeMap};
use super::names::{camel, Registry};
use super::{
    EnumPlan, FlagsPlan, PlanError, PolyPlan, PolyVariant, RecordOrigin, RecordPlan, TypeItem,
    VariantPlan, EXTENSION_FIELD,
};
use crate::model::{EnumValue, QName, SimpleType, TypeDef};

/// Every type item of the version, by Rust name.
pub(super) fn type_items(map: &mut TypeMap<'_>) -> Result<BTreeMap<String, TypeItem>, PlanError> {
    let v = map.version;
    let mut items = BTreeMap::new();
    for (q, t) in &v.types {
        let at = t.source.to_string();
        match (map.mapped[q].clone(), &t.def) {
            (Mapped::Record { rust, poly }, TypeDef::Complex(_)) => {
                let record = record(map, q, rust.clone(), &at)?;
                items.insert(rust.clone(), TypeItem::Record(record));
                if let Some(poly) = poly {
                    items.insert(poly.clone(), TypeItem::Poly(poly_enum(map, q, rust, poly)));
                }
            }
            (Mapped::Simple(rust), TypeDef::Simple(SimpleType::Enumeration { values, .. })) => {
                let e = enum_plan(&rust, q, values);
                items.insert(rust, TypeItem::Enum(e));
            }
            (Mapped::Simple(rust), TypeDef::Simple(SimpleType::FlagList { values })) => {
                let item = map.names.claim(&[flag_item_name(&rust)], false);
                let flags = FlagsPlan {
                    rust: rust.clone(),
                    xml_ns: q.namespace.clone(),
                    xml_name: q.name.clone(),
                    item: enum_plan(&item, q, values),
                };
                items.insert(rust, TypeItem::Flags(flags));
            }
            (Mapped::Inline | Mapped::Prim(_), _) => {}
            (m, _) => {
                return Err(PlanError::Unsupported {
                    at,
                    what: format!("{} mapped as {m:?}", q.name),
                })
            }
        }
    }
    Ok(items)
}

fn record(map: &TypeMap<'_>, q: &QName, rust: String, at: &str) -> Result<RecordPlan, PlanError> {
    let chain = map.chain(q)?;
    let fields = map.fields(
        &q.name,
        chain.iter().flat_map(|(_, c)| &c.fields),
        [EXTENSION_FIELD],
        at,
    )?;
    let bases = chain
        .iter()
        .rev()
        .skip(1)
        .map(|(k, _)| k.name.clone())
        .collect();
    let levels = chain.iter().map(|(_, c)| c.fields.len()).collect();
    Ok(RecordPlan {
        rust,
        xml_ns: q.namespace.clone(),
        xml_name: q.name.clone(),
        origin: RecordOrigin::ComplexType,
        bases,
        fields,
        levels,
        in_poly: false,
        extension: EXTENSION_FIELD.to_owned(),
        tag: None,
    })
}

/// The enum over base `q` and every type derived from it.
fn poly_enum(map: &TypeMap<'_>, q: &QName, rust: String, poly: String) -> PolyPlan {
    let mut variants = vec![(q, rust)];
    for d in &map.version.derived[q] {
        if let Some(Mapped::Record { rust, .. }) = map.mapped.get(d) {
            variants.push((d, rust.clone()));
        }
    }
    PolyPlan {
        rust: poly,
        xml_ns: q.namespace.clone(),
        xml_name: q.name.clone(),
        variants: variants
            .into_iter()
            .map(|(q, rust)| PolyVariant {
                rust: rust.clone(),
                record: rust,
                xml_ns: q.namespace.clone(),
                xml_name: q.name.clone(),
            })
            .collect(),
        discriminator: None,
    }
}

/// `ChatSessionFlags` -> `ChatSessionFlag`; otherwise `<Name>Item`.
fn flag_item_name(set: &str) -> String {
    match set.strip_suffix('s') {
        Some(one) if set.ends_with("Flags") => one.to_string(),
        _ => format!("{set}Item"),
    }
}

fn enum_plan(rust: &str, q: &QName, values: &[EnumValue]) -> EnumPlan {
    // `Self::Self` cannot be written: a value named `Self` takes another name.
    let mut names = Registry::with_reserved(["Self"]);
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
        xml_ns: q.namespace.clone(),
        xml_name: q.name.clone(),
        variants,
        unknown,
    }
}
