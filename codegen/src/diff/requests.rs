//! Which records a request can carry: a field added to one of them breaks
//! callers who build it, while one added to a response-only record does not.

use std::collections::BTreeSet;

use crate::plan::{TypeItem, VersionPlan};

/// The Rust names of every type reachable from a parameter of any method:
/// through fields, list items, map entries, and every variant of a
/// polymorphic enum (a parameter of the base type may carry any of them).
pub(super) fn request_types(v: &VersionPlan) -> BTreeSet<&str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = v
        .agents
        .iter()
        .flat_map(|a| &a.operations)
        .flat_map(|op| &op.params)
        .flat_map(|p| p.ty.named_types(false))
        .collect();
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        match v.type_item(name) {
            Some(TypeItem::Record(r)) => {
                todo.extend(r.fields.iter().flat_map(|f| f.ty.named_types(false)))
            }
            Some(TypeItem::Poly(p)) => todo.extend(p.variants.iter().map(|x| x.record.as_str())),
            Some(TypeItem::Flags(f)) => todo.push(&f.item.rust),
            Some(TypeItem::Enum(_)) | None => {}
        }
    }
    seen
}
