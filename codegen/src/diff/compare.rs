//! The comparison: walks two planned versions side by side and records a
//! [`Change`] wherever the generated Rust API differs.

use std::collections::{BTreeMap, BTreeSet};

use super::requests::request_types;
use super::{Change, ChangeKind};
use crate::plan::{
    AgentPlan, EnumPlan, FieldPlan, OperationPlan, PolyPlan, RecordPlan, TypeItem, VersionPlan,
};

/// Compares `old` and `new`; unsorted.
pub(super) fn compare(old: &VersionPlan, new: &VersionPlan) -> Vec<Change> {
    let mut out = Vec::new();
    let sides = Sides {
        old: &old.namespace,
        new: &new.namespace,
    };
    agents(old, new, sides, &mut out);
    let requests = request_types(new);
    types(old, new, sides, &requests, &mut out);
    out
}

/// The two versions' namespaces, to compare wire names relative to them.
#[derive(Clone, Copy)]
struct Sides<'a> {
    old: &'a str,
    new: &'a str,
}

impl Sides<'_> {
    /// `(relative namespace, name)` of an element of the old side.
    fn old_key(&self, ns: &str, name: &str) -> (String, String) {
        (relative_ns(self.old, ns), name.to_owned())
    }

    /// `(relative namespace, name)` of an element of the new side.
    fn new_key(&self, ns: &str, name: &str) -> (String, String) {
        (relative_ns(self.new, ns), name.to_owned())
    }
}

fn change(kind: ChangeKind, breaking: bool) -> Change {
    Change {
        kind,
        agent: None,
        operation: None,
        type_name: None,
        member: None,
        old: None,
        new: None,
        wire: None,
        breaking,
    }
}

/// `Some(wire)` when the wire name is not simply the Rust name.
fn wire_if_differs(wire: &str, rust: &str) -> Option<String> {
    (wire != rust.trim_start_matches("r#")).then(|| wire.to_owned())
}

/// Pairs items of both sides by `key`, in key order.
fn pair<'a, T, K: Ord>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut map: BTreeMap<K, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for o in old {
        map.entry(key(o)).or_default().0 = Some(o);
    }
    for n in new {
        map.entry(key(n)).or_default().1 = Some(n);
    }
    map.into_values().collect()
}

fn agents(old: &VersionPlan, new: &VersionPlan, sides: Sides<'_>, out: &mut Vec<Change>) {
    for (o, n) in pair(&old.agents, &new.agents, |a| a.name.as_str()) {
        match (o, n) {
            (None, Some(n)) => out.push(Change {
                agent: Some(n.rust.clone()),
                wire: wire_if_differs(&n.name, &n.rust),
                ..change(ChangeKind::AgentAdded, false)
            }),
            (Some(o), None) => out.push(Change {
                agent: Some(o.rust.clone()),
                wire: wire_if_differs(&o.name, &o.rust),
                ..change(ChangeKind::AgentRemoved, true)
            }),
            (Some(o), Some(n)) => agent(o, n, sides, out),
            (None, None) => {}
        }
    }
}

fn agent(o: &AgentPlan, n: &AgentPlan, sides: Sides<'_>, out: &mut Vec<Change>) {
    let path = |a: &AgentPlan| format!("{}::{}", a.module, a.rust);
    if path(o) != path(n) {
        out.push(Change {
            agent: Some(n.rust.clone()),
            old: Some(path(o)),
            new: Some(path(n)),
            ..change(ChangeKind::AgentRenamed, true)
        });
    }
    let at = |op: &OperationPlan| Change {
        agent: Some(n.rust.clone()),
        operation: Some(op.method.clone()),
        wire: Some(op.name.clone()),
        ..change(ChangeKind::OperationAdded, false)
    };
    for (oo, no) in pair(&o.operations, &n.operations, |op| op.name.as_str()) {
        match (oo, no) {
            (None, Some(no)) => out.push(at(no)),
            (Some(oo), None) => out.push(Change {
                kind: ChangeKind::OperationRemoved,
                breaking: true,
                ..at(oo)
            }),
            (Some(oo), Some(no)) => {
                if oo.method != no.method {
                    out.push(Change {
                        kind: ChangeKind::MethodRenamed,
                        breaking: true,
                        old: Some(oo.method.clone()),
                        new: Some(no.method.clone()),
                        ..at(no)
                    });
                }
                operation(oo, no, sides, &at(no), out);
            }
            (None, None) => {}
        }
    }
}

fn operation(
    o: &OperationPlan,
    n: &OperationPlan,
    sides: Sides<'_>,
    at: &Change,
    out: &mut Vec<Change>,
) {
    let param = |p: &FieldPlan| p.ty.param_type("");
    let (ok, nk) = (
        |p: &FieldPlan| sides.old_key(&p.xml_ns, &p.xml_name),
        |p: &FieldPlan| sides.new_key(&p.xml_ns, &p.xml_name),
    );
    let olds: Vec<_> = o.params.iter().map(|p| (ok(p), p)).collect();
    let news: Vec<_> = n.params.iter().map(|p| (nk(p), p)).collect();
    let member = |kind, breaking, p: &FieldPlan| Change {
        kind,
        breaking,
        member: Some(p.rust.clone()),
        wire: wire_if_differs(&p.xml_name, &p.rust),
        ..at.clone()
    };
    for (op, np) in pair(&olds, &news, |(k, _)| k.clone()) {
        match (op.map(|x| x.1), np.map(|x| x.1)) {
            (None, Some(np)) => out.push(Change {
                new: Some(param(np)),
                ..member(ChangeKind::ParameterAdded, true, np)
            }),
            (Some(op), None) => out.push(Change {
                old: Some(param(op)),
                ..member(ChangeKind::ParameterRemoved, true, op)
            }),
            (Some(op), Some(np)) => {
                if param(op) != param(np) {
                    out.push(Change {
                        old: Some(param(op)),
                        new: Some(param(np)),
                        ..member(ChangeKind::ParameterRetyped, true, np)
                    });
                }
                if op.rust != np.rust {
                    out.push(Change {
                        old: Some(op.rust.clone()),
                        new: Some(np.rust.clone()),
                        ..member(ChangeKind::ParameterRenamed, false, np)
                    });
                }
            }
            (None, None) => {}
        }
    }
    // The parameters both sides have, in each side's order.
    let in_old: BTreeSet<_> = olds.iter().map(|(k, _)| k.clone()).collect();
    let shared: BTreeSet<_> = news
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| in_old.contains(k))
        .collect();
    type Keyed<'p> = ((String, String), &'p FieldPlan);
    let order = |ps: &[Keyed<'_>]| -> (Vec<(String, String)>, Vec<String>) {
        ps.iter()
            .filter(|(k, _)| shared.contains(k))
            .map(|(k, p)| (k.clone(), p.rust.clone()))
            .unzip()
    };
    let ((old_keys, old_names), (new_keys, new_names)) = (order(&olds), order(&news));
    if old_keys != new_keys {
        out.push(Change {
            kind: ChangeKind::ParametersReordered,
            breaking: true,
            old: Some(old_names.join(", ")),
            new: Some(new_names.join(", ")),
            ..at.clone()
        });
    }
    let (ro, rn) = (o.response.rust_type(""), n.response.rust_type(""));
    if ro != rn {
        out.push(Change {
            kind: ChangeKind::ReturnTypeChanged,
            breaking: true,
            old: Some(ro),
            new: Some(rn),
            ..at.clone()
        });
    }
}

/// How a type is recognised across versions: its category and what it
/// stands for on the wire, namespace relative to its version.
fn type_key(v: &VersionPlan, t: &TypeItem) -> (&'static str, String, String) {
    let (ns, name) = t.xml();
    // A schema type keeps its key when it changes kind (record -> enum).
    let category = match t {
        TypeItem::Record(r) if r.origin == crate::plan::RecordOrigin::ResponseWrapper => "wrapper",
        TypeItem::Record(_) | TypeItem::Enum(_) | TypeItem::Flags(_) => "type",
        TypeItem::Poly(_) => "poly",
    };
    (category, relative_ns(&v.namespace, ns), name.to_owned())
}

/// A namespace with the version's own part taken out, so that the same
/// type in `Services87` and `Services88` matches.
fn relative_ns(version: &str, ns: &str) -> String {
    if ns == version {
        return String::new();
    }
    match ns.strip_prefix(version) {
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => ns.to_owned(),
    }
}

/// A type's key, with its Rust name as a tie-break where several types of
/// one side share a key (response wrappers of the same element name).
type Keyed<'v> = ((&'static str, String, String, String), &'v TypeItem);

fn keyed(v: &VersionPlan) -> Vec<Keyed<'_>> {
    let base: Vec<_> = v.types.iter().map(|t| (type_key(v, t), t)).collect();
    let mut counts: BTreeMap<_, usize> = BTreeMap::new();
    for (k, _) in &base {
        *counts.entry(k.clone()).or_default() += 1;
    }
    base.into_iter()
        .map(|((c, ns, name), t)| {
            let tie = if counts[&(c, ns.clone(), name.clone())] > 1 {
                t.rust().to_owned()
            } else {
                String::new()
            };
            ((c, ns, name, tie), t)
        })
        .collect()
}

fn types(
    old: &VersionPlan,
    new: &VersionPlan,
    sides: Sides<'_>,
    requests: &BTreeSet<&str>,
    out: &mut Vec<Change>,
) {
    let (olds, news) = (keyed(old), keyed(new));
    for (o, n) in pair(&olds, &news, |(k, _)| k.clone()) {
        match (o.map(|x| x.1), n.map(|x| x.1)) {
            (None, Some(n)) => out.push(type_change(ChangeKind::TypeAdded, false, n)),
            (Some(o), None) => out.push(type_change(ChangeKind::TypeRemoved, true, o)),
            (Some(o), Some(n)) => {
                if o.rust() != n.rust() {
                    out.push(Change {
                        old: Some(o.rust().to_owned()),
                        new: Some(n.rust().to_owned()),
                        ..type_change(ChangeKind::TypeRenamed, true, n)
                    });
                }
                item(o, n, sides, requests.contains(n.rust()), out);
            }
            (None, None) => {}
        }
    }
}

fn type_change(kind: ChangeKind, breaking: bool, t: &TypeItem) -> Change {
    Change {
        type_name: Some(t.rust().to_owned()),
        wire: wire_if_differs(t.xml().1, t.rust()),
        ..change(kind, breaking)
    }
}

fn item(o: &TypeItem, n: &TypeItem, sides: Sides<'_>, in_request: bool, out: &mut Vec<Change>) {
    match (o, n) {
        (TypeItem::Record(o), TypeItem::Record(n)) => record(o, n, sides, in_request, out),
        (TypeItem::Enum(o), TypeItem::Enum(n)) => variants(o, n, &n.rust, out),
        (TypeItem::Flags(o), TypeItem::Flags(n)) => {
            if o.item.rust != n.item.rust {
                out.push(Change {
                    type_name: Some(n.item.rust.clone()),
                    old: Some(o.item.rust.clone()),
                    new: Some(n.item.rust.clone()),
                    ..change(ChangeKind::TypeRenamed, true)
                });
            }
            variants(&o.item, &n.item, &n.rust, out)
        }
        (TypeItem::Poly(o), TypeItem::Poly(n)) => poly(o, n, sides, out),
        (o, n) => out.push(Change {
            old: Some(o.kind().to_owned()),
            new: Some(n.kind().to_owned()),
            ..type_change(ChangeKind::TypeKindChanged, true, n)
        }),
    }
}

fn record(
    o: &RecordPlan,
    n: &RecordPlan,
    sides: Sides<'_>,
    in_request: bool,
    out: &mut Vec<Change>,
) {
    if o.bases != n.bases {
        let base = |r: &RecordPlan| r.bases.first().cloned();
        out.push(Change {
            type_name: Some(n.rust.clone()),
            old: base(o),
            new: base(n),
            ..change(ChangeKind::BaseTypeChanged, false)
        });
    }
    // A name repeated down an inheritance chain: the n-th occurrence.
    let keyed = |r: &RecordPlan, version: &str| -> Vec<((String, String, usize), FieldPlan)> {
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        r.fields
            .iter()
            .map(|f| {
                let k = (relative_ns(version, &f.xml_ns), f.xml_name.clone());
                let i = seen.entry(k.clone()).or_default();
                *i += 1;
                ((k.0, k.1, *i), f.clone())
            })
            .collect()
    };
    let (of, nf) = (keyed(o, sides.old), keyed(n, sides.new));
    let ty = |f: &FieldPlan| f.ty.rust_type("");
    for (a, b) in pair(&of, &nf, |(k, _)| k.clone()) {
        let at = |kind, breaking, f: &FieldPlan| Change {
            type_name: Some(n.rust.clone()),
            member: Some(f.rust.clone()),
            wire: wire_if_differs(&f.xml_name, &f.rust),
            ..change(kind, breaking)
        };
        match (a.map(|x| &x.1), b.map(|x| &x.1)) {
            (None, Some(f)) => out.push(Change {
                new: Some(ty(f)),
                ..at(ChangeKind::FieldAdded, in_request, f)
            }),
            (Some(f), None) => out.push(Change {
                old: Some(ty(f)),
                ..at(ChangeKind::FieldRemoved, true, f)
            }),
            (Some(fo), Some(fnew)) => {
                if fo.rust != fnew.rust {
                    out.push(Change {
                        old: Some(fo.rust.clone()),
                        new: Some(fnew.rust.clone()),
                        ..at(ChangeKind::FieldRenamed, true, fnew)
                    });
                }
                if ty(fo) != ty(fnew) {
                    out.push(Change {
                        old: Some(ty(fo)),
                        new: Some(ty(fnew)),
                        ..at(ChangeKind::FieldRetyped, true, fnew)
                    });
                }
            }
            (None, None) => {}
        }
    }
}

/// Enumeration values of `o` and `n`, reported on type `owner` (the flag
/// set, for a flag set's items).
fn variants(o: &EnumPlan, n: &EnumPlan, owner: &str, out: &mut Vec<Change>) {
    let number = |v: Option<i64>| v.map(|n| n.to_string());
    for (a, b) in pair(&o.variants, &n.variants, |v| v.xml.as_str()) {
        let at = |kind, breaking, v: &crate::plan::VariantPlan| Change {
            type_name: Some(owner.to_owned()),
            member: Some(v.rust.clone()),
            wire: wire_if_differs(&v.xml, &v.rust),
            ..change(kind, breaking)
        };
        match (a, b) {
            (None, Some(v)) => out.push(Change {
                new: number(v.value),
                ..at(ChangeKind::VariantAdded, false, v)
            }),
            (Some(v), None) => out.push(Change {
                old: number(v.value),
                ..at(ChangeKind::VariantRemoved, true, v)
            }),
            (Some(vo), Some(vn)) => {
                if vo.rust != vn.rust {
                    out.push(Change {
                        old: Some(vo.rust.clone()),
                        new: Some(vn.rust.clone()),
                        ..at(ChangeKind::VariantRenamed, true, vn)
                    });
                }
                if vo.value != vn.value {
                    out.push(Change {
                        old: number(vo.value),
                        new: number(vn.value),
                        ..at(ChangeKind::EnumNumberChanged, false, vn)
                    });
                }
            }
            (None, None) => {}
        }
    }
    if o.unknown != n.unknown {
        out.push(Change {
            type_name: Some(owner.to_owned()),
            member: Some(n.unknown.clone()),
            old: Some(o.unknown.clone()),
            new: Some(n.unknown.clone()),
            wire: Some("(values not in the schema)".to_owned()),
            ..change(ChangeKind::VariantRenamed, true)
        });
    }
}

fn poly(o: &PolyPlan, n: &PolyPlan, sides: Sides<'_>, out: &mut Vec<Change>) {
    let olds: Vec<_> = o
        .variants
        .iter()
        .map(|v| (sides.old_key(&v.xml_ns, &v.xml_name), v))
        .collect();
    let news: Vec<_> = n
        .variants
        .iter()
        .map(|v| (sides.new_key(&v.xml_ns, &v.xml_name), v))
        .collect();
    for (a, b) in pair(&olds, &news, |(k, _)| k.clone()) {
        let (a, b) = (a.map(|x| x.1), b.map(|x| x.1));
        let at = |kind, breaking, v: &crate::plan::PolyVariant| Change {
            type_name: Some(n.rust.clone()),
            member: Some(v.rust.clone()),
            wire: wire_if_differs(&v.xml_name, &v.rust),
            ..change(kind, breaking)
        };
        match (a, b) {
            (None, Some(v)) => out.push(at(ChangeKind::VariantAdded, false, v)),
            (Some(v), None) => out.push(at(ChangeKind::VariantRemoved, true, v)),
            (Some(vo), Some(vn)) if vo.rust != vn.rust => out.push(Change {
                old: Some(vo.rust.clone()),
                new: Some(vn.rust.clone()),
                ..at(ChangeKind::VariantRenamed, true, vn)
            }),
            _ => {}
        }
    }
}
