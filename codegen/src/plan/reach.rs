//! Graph passes over a version's types: boxing fields that would make a
//! type infinitely large, and keeping only what the agents reach.

use std::collections::{BTreeMap, BTreeSet};

use super::{AgentPlan, ResponsePlan, RustTy, TypeItem};

/// The types an item refers to.
fn edges(item: &TypeItem, direct: bool) -> Vec<&str> {
    let mut out = Vec::new();
    match item {
        TypeItem::Record(r) => r
            .fields
            .iter()
            .for_each(|f| out.extend(f.ty.named_types(direct))),
        TypeItem::Poly(p) => out.extend(p.variants.iter().map(|v| v.record.as_str())),
        TypeItem::Enum(_) | TypeItem::Flags(_) => {}
    }
    out
}

/// Boxes every inline field whose type lies on a cycle with its record.
pub(super) fn box_cycles(items: &mut BTreeMap<String, TypeItem>) {
    let scc = components(items);
    for item in items.values_mut() {
        let TypeItem::Record(r) = item else { continue };
        let own = scc[&r.rust];
        for f in &mut r.fields {
            let cyclic =
                f.ty.named_types(true)
                    .iter()
                    .any(|n| scc.get(*n) == Some(&own));
            if cyclic {
                f.ty =
                    std::mem::replace(&mut f.ty, RustTy::Prim(crate::model::Builtin::Int)).boxed();
            }
        }
    }
}

/// Strongly connected components (Tarjan, iterative) over inline edges:
/// item name -> component id.
fn components(items: &BTreeMap<String, TypeItem>) -> BTreeMap<String, usize> {
    let names: Vec<&str> = items.keys().map(String::as_str).collect();
    let index_of: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adj: Vec<Vec<usize>> = items
        .values()
        .map(|it| {
            edges(it, true)
                .iter()
                .filter_map(|n| index_of.get(n).copied())
                .collect()
        })
        .collect();
    let n = names.len();
    let (mut index, mut low, mut comp) = (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
    let (mut on_stack, mut stack, mut next, mut ncomp) = (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, i)) = work.pop() {
            if i == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(i) {
                work.push((v, i + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    names
        .iter()
        .map(|n| (n.to_string(), comp[index_of[n]]))
        .collect()
}

/// The items the agents reach, sorted by name.
pub(super) fn reachable(items: &BTreeMap<String, TypeItem>, agents: &[AgentPlan]) -> Vec<TypeItem> {
    let mut todo: Vec<&str> = Vec::new();
    for op in agents.iter().flat_map(|a| &a.operations) {
        for p in &op.params {
            todo.extend(p.ty.named_types(false));
        }
        match &op.response {
            ResponsePlan::Void => {}
            ResponsePlan::Content(t) => todo.extend(t.named_types(false)),
            ResponsePlan::Wrapper(n) => todo.push(n),
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    while let Some(n) = todo.pop() {
        if let Some(item) = items.get(n) {
            if seen.insert(n) {
                todo.extend(edges(item, false));
            }
        }
    }
    let mut out: Vec<TypeItem> = seen.iter().map(|n| items[*n].clone()).collect();
    // Records that a reachable polymorphic enum writes need `encode_fields`.
    let in_poly: BTreeSet<String> = out
        .iter()
        .filter_map(|i| match i {
            TypeItem::Poly(p) => Some(p.variants.iter().map(|v| v.record.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    for item in &mut out {
        if let TypeItem::Record(r) = item {
            r.in_poly = in_poly.contains(&r.rust);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{FieldPlan, RecordPlan};

    fn rec(name: &str, fields: &[(&str, RustTy)]) -> (String, TypeItem) {
        let fields: Vec<FieldPlan> = fields
            .iter()
            .map(|(n, t)| FieldPlan {
                rust: n.to_string(),
                xml_name: n.to_string(),
                xml_ns: String::new(),
                ty: t.clone(),
                secret: false,
            })
            .collect();
        let levels = vec![fields.len()];
        (
            name.to_string(),
            TypeItem::Record(RecordPlan {
                rust: name.into(),
                xml_ns: String::new(),
                xml_name: name.into(),
                origin: crate::plan::RecordOrigin::ComplexType,
                bases: vec![],
                fields,
                in_poly: false,
                extension: crate::plan::EXTENSION_FIELD.to_owned(),
                tag: None,
                levels,
            }),
        )
    }

    fn named(n: &str) -> RustTy {
        RustTy::Named(n.into())
    }

    #[test]
    fn cycles_are_boxed_and_vecs_break_cycles() {
        let mut items: BTreeMap<_, _> = [
            rec("A", &[("b", RustTy::Option(Box::new(named("B"))))]),
            rec("B", &[("a", named("A")), ("c", named("C"))]),
            rec("C", &[("cs", RustTy::Repeated(Box::new(named("C"))))]),
            rec("S", &[("me", RustTy::Option(Box::new(named("S"))))]),
        ]
        .into_iter()
        .collect();
        box_cycles(&mut items);
        let field = |t: &str, i: usize| match &items[t] {
            TypeItem::Record(r) => r.fields[i].ty.clone(),
            _ => unreachable!(),
        };
        assert_eq!(
            field("A", 0),
            RustTy::Option(Box::new(RustTy::Boxed(Box::new(named("B")))))
        );
        assert_eq!(field("B", 0), RustTy::Boxed(Box::new(named("A"))));
        assert_eq!(field("B", 1), named("C"));
        assert_eq!(field("C", 0), RustTy::Repeated(Box::new(named("C"))));
        assert_eq!(
            field("S", 0),
            RustTy::Option(Box::new(RustTy::Boxed(Box::new(named("S")))))
        );
    }
}
