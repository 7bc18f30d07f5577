//! Which types a request can carry: a field added to one of them breaks
//! callers who build it, while one added to a response-only type does not.

use std::collections::BTreeSet;

use crate::model::{ComplexShape, QName, TypeDef, TypeRef, Version};

/// Every named type reachable from a request body or request header of any
/// operation: through fields, attributes, base types, dictionary entries,
/// anonymous types, and derived types (a field of a base type may carry any
/// of them).
pub(super) fn request_types(version: &Version) -> BTreeSet<QName> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<Work<'_>> = Vec::new();
    for agent in &version.agents {
        let parts = agent
            .operations
            .iter()
            .flat_map(|op| op.input.body.iter().chain(&op.input.headers));
        for part in parts {
            if let Some(el) = version.element(&agent.name, &part.element) {
                stack.push(Work::Ref(&el.ty));
            }
        }
    }
    while let Some(work) = stack.pop() {
        let def = match work {
            Work::Ref(TypeRef::Builtin(_)) => continue,
            Work::Ref(TypeRef::Anonymous(def)) => def.as_ref(),
            Work::Ref(TypeRef::Named(q)) | Work::Name(q) => {
                if !seen.insert(q.clone()) {
                    continue;
                }
                stack.extend(version.derived.get(q).into_iter().flatten().map(Work::Name));
                match version.types.get(q) {
                    Some(t) => &t.def,
                    None => continue,
                }
            }
        };
        let TypeDef::Complex(c) = def else { continue };
        stack.extend(c.base.iter().map(Work::Name));
        stack.extend(c.fields.iter().map(|f| Work::Ref(&f.ty)));
        stack.extend(c.attributes.iter().map(|a| Work::Ref(&a.ty)));
        if let ComplexShape::Dictionary { key, value, .. } = &c.shape {
            stack.push(Work::Ref(&key.ty));
            stack.push(Work::Ref(&value.ty));
        }
    }
    seen
}

enum Work<'v> {
    Ref(&'v TypeRef),
    Name(&'v QName),
}
