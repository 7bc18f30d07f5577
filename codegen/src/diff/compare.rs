//! The comparison itself: walks both versions side by side and records a
//! [`Change`] wherever the generated API differs.

use std::collections::{BTreeMap, BTreeSet};

use super::reach::request_types;
use super::shape::{kind, Namer};
use super::{Change, ChangeKind};
use crate::model::{Message, NamedType, Operation, QName, SimpleType, TypeDef, TypeRef, Version};

/// One side of the comparison.
struct Side<'v> {
    version: &'v Version,
    namer: Namer<'v>,
}

impl<'v> Side<'v> {
    fn new(version: &'v Version) -> Self {
        Side {
            version,
            namer: Namer {
                namespace: &version.namespace,
            },
        }
    }

    /// Types keyed by their version-relative name.
    fn types(&self) -> BTreeMap<String, (&'v QName, &'v NamedType)> {
        self.version
            .types
            .iter()
            .map(|(q, t)| (self.namer.name(q), (q, t)))
            .collect()
    }

    /// An operation's parameters: the request wrapper's members.
    fn parameters(&self, agent: &str, op: &Operation) -> Vec<(String, String)> {
        self.message_members(agent, &op.input)
    }

    /// What an operation returns: `()`, the response wrapper's one member,
    /// or all its members.
    fn returns(&self, agent: &str, op: &Operation) -> String {
        let Some(output) = &op.output else {
            return "(one-way)".to_owned();
        };
        let members = self.message_members(agent, output);
        match members.as_slice() {
            [] => "()".to_owned(),
            [(_, ty)] => ty.clone(),
            many => {
                let list: Vec<String> = many.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                format!("{{ {} }}", list.join(", "))
            }
        }
    }

    /// The members of a message's body elements (document/literal wrapped:
    /// one element whose type lists the values).
    fn message_members(&self, agent: &str, msg: &Message) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for part in &msg.body {
            let Some(el) = self.version.element(agent, &part.element) else {
                out.push((part.name.clone(), self.namer.name(&part.element)));
                continue;
            };
            let def = match &el.ty {
                TypeRef::Anonymous(def) => Some(def.as_ref()),
                TypeRef::Named(q) => self.version.types.get(q).map(|t| &t.def),
                TypeRef::Builtin(_) => None,
            };
            match def {
                Some(def @ TypeDef::Complex(_)) => out.extend(self.namer.members(def)),
                _ => out.push((part.name.clone(), self.namer.type_ref(&el.ty))),
            }
        }
        out
    }
}

/// Every change from `old` to `new`, unsorted.
pub(super) fn compare(old: &Version, new: &Version) -> Vec<Change> {
    let (old, new) = (Side::new(old), Side::new(new));
    let mut out = Vec::new();
    agents(&old, &new, &mut out);
    types(&old, &new, &mut out);
    out
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
        breaking,
    }
}

fn agents(old: &Side<'_>, new: &Side<'_>, out: &mut Vec<Change>) {
    let old_agents: BTreeMap<&str, _> = old
        .version
        .agents
        .iter()
        .map(|a| (a.name.as_str(), a))
        .collect();
    let new_agents: BTreeMap<&str, _> = new
        .version
        .agents
        .iter()
        .map(|a| (a.name.as_str(), a))
        .collect();
    for (name, o) in &old_agents {
        let Some(n) = new_agents.get(name) else {
            out.push(Change {
                agent: Some(name.to_string()),
                ..change(ChangeKind::AgentRemoved, true)
            });
            continue;
        };
        let old_ops: BTreeMap<&str, _> = o
            .operations
            .iter()
            .map(|op| (op.name.as_str(), op))
            .collect();
        let new_ops: BTreeMap<&str, _> = n
            .operations
            .iter()
            .map(|op| (op.name.as_str(), op))
            .collect();
        for (op_name, old_op) in &old_ops {
            let at = |kind, breaking| Change {
                agent: Some(name.to_string()),
                operation: Some(op_name.to_string()),
                ..change(kind, breaking)
            };
            match new_ops.get(op_name) {
                None => out.push(at(ChangeKind::OperationRemoved, true)),
                Some(new_op) => signature(old, new, name, old_op, new_op, &at, out),
            }
        }
        for op_name in new_ops.keys().filter(|k| !old_ops.contains_key(*k)) {
            out.push(Change {
                agent: Some(name.to_string()),
                operation: Some(op_name.to_string()),
                ..change(ChangeKind::OperationAdded, false)
            });
        }
    }
    for name in new_agents.keys().filter(|k| !old_agents.contains_key(*k)) {
        out.push(Change {
            agent: Some(name.to_string()),
            ..change(ChangeKind::AgentAdded, false)
        });
    }
}

fn signature(
    old: &Side<'_>,
    new: &Side<'_>,
    agent: &str,
    old_op: &Operation,
    new_op: &Operation,
    at: &dyn Fn(ChangeKind, bool) -> Change,
    out: &mut Vec<Change>,
) {
    let (before, after) = (old.parameters(agent, old_op), new.parameters(agent, new_op));
    members(&before, &after, out, |m, member, was, now| Change {
        member: Some(member.to_owned()),
        old: was,
        new: now,
        // Parameters are positional arguments: any change breaks a call.
        ..at(m.parameter_kind(), true)
    });
    let old_names: BTreeSet<&str> = before.iter().map(|(n, _)| n.as_str()).collect();
    let new_names: BTreeSet<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
    let common_old: Vec<&str> = before
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| new_names.contains(n))
        .collect();
    let common_new: Vec<&str> = after
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| old_names.contains(n))
        .collect();
    if common_old != common_new {
        out.push(Change {
            old: Some(common_old.join(", ")),
            new: Some(common_new.join(", ")),
            ..at(ChangeKind::ParametersReordered, true)
        });
    }
    let (was, now) = (old.returns(agent, old_op), new.returns(agent, new_op));
    if was != now {
        out.push(Change {
            old: Some(was),
            new: Some(now),
            ..at(ChangeKind::ReturnTypeChanged, true)
        });
    }
}

/// Compares two member lists by name; `make` builds the change for each
/// member added, removed or retyped, from its old and new shapes.
fn members(
    before: &[(String, String)],
    after: &[(String, String)],
    out: &mut Vec<Change>,
    make: impl Fn(Member, &str, Option<String>, Option<String>) -> Change,
) {
    let old: BTreeMap<&str, &str> = before
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = after
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    for (name, was) in &old {
        match new.get(name) {
            None => out.push(make(Member::Removed, name, Some(was.to_string()), None)),
            Some(now) if now != was => out.push(make(
                Member::Retyped,
                name,
                Some(was.to_string()),
                Some(now.to_string()),
            )),
            Some(_) => {}
        }
    }
    for (name, now) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        out.push(make(Member::Added, name, None, Some(now.to_string())));
    }
}

/// What happened to one parameter or field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Member {
    Added,
    Removed,
    Retyped,
}

impl Member {
    fn parameter_kind(self) -> ChangeKind {
        match self {
            Member::Added => ChangeKind::ParameterAdded,
            Member::Removed => ChangeKind::ParameterRemoved,
            Member::Retyped => ChangeKind::ParameterRetyped,
        }
    }

    fn field_kind(self) -> ChangeKind {
        match self {
            Member::Added => ChangeKind::FieldAdded,
            Member::Removed => ChangeKind::FieldRemoved,
            Member::Retyped => ChangeKind::FieldRetyped,
        }
    }
}

fn types(old: &Side<'_>, new: &Side<'_>, out: &mut Vec<Change>) {
    let (old_types, new_types) = (old.types(), new.types());
    let requests = request_types(new.version);
    for (name, (_, o)) in &old_types {
        let at = |kind, breaking| Change {
            type_name: Some(name.clone()),
            ..change(kind, breaking)
        };
        let Some((new_q, n)) = new_types.get(name) else {
            out.push(at(ChangeKind::TypeRemoved, true));
            continue;
        };
        let (was, now) = (kind(&o.def), kind(&n.def));
        if was != now {
            out.push(Change {
                old: Some(was),
                new: Some(now),
                ..at(ChangeKind::TypeKindChanged, true)
            });
            continue;
        }
        match (&o.def, &n.def) {
            (TypeDef::Complex(oc), TypeDef::Complex(nc)) => {
                let (was, now) = (
                    oc.base.as_ref().map(|b| old.namer.name(b)),
                    nc.base.as_ref().map(|b| new.namer.name(b)),
                );
                if was != now {
                    out.push(Change {
                        old: was,
                        new: now,
                        ..at(ChangeKind::BaseTypeChanged, true)
                    });
                }
                let in_request = requests.contains(*new_q);
                members(
                    &old.namer.members(&o.def),
                    &new.namer.members(&n.def),
                    out,
                    |m, member, was, now| Change {
                        member: Some(member.to_owned()),
                        old: was,
                        new: now,
                        // An added field only breaks callers who build the type.
                        ..at(m.field_kind(), m != Member::Added || in_request)
                    },
                );
            }
            (TypeDef::Simple(os), TypeDef::Simple(ns)) => enum_values(os, ns, &at, out),
            _ => {}
        }
    }
    for name in new_types.keys().filter(|k| !old_types.contains_key(*k)) {
        out.push(Change {
            type_name: Some(name.clone()),
            ..change(ChangeKind::TypeAdded, false)
        });
    }
}

fn enum_values(
    old: &SimpleType,
    new: &SimpleType,
    at: &dyn Fn(ChangeKind, bool) -> Change,
    out: &mut Vec<Change>,
) {
    let values = |s: &SimpleType| -> BTreeMap<String, Option<i64>> {
        match s {
            SimpleType::Enumeration { values, .. } | SimpleType::FlagList { values } => {
                values.iter().map(|v| (v.name.clone(), v.value)).collect()
            }
            SimpleType::Restriction { .. } => BTreeMap::new(),
        }
    };
    let (before, after) = (values(old), values(new));
    let number = |n: Option<i64>| n.map(|n| n.to_string());
    for (name, was) in &before {
        match after.get(name) {
            None => out.push(Change {
                member: Some(name.clone()),
                old: number(*was),
                ..at(ChangeKind::EnumValueRemoved, true)
            }),
            Some(now) if now != was => out.push(Change {
                member: Some(name.clone()),
                old: number(*was),
                new: number(*now),
                ..at(ChangeKind::EnumNumberChanged, false)
            }),
            Some(_) => {}
        }
    }
    for (name, now) in after.iter().filter(|(n, _)| !before.contains_key(*n)) {
        out.push(Change {
            member: Some(name.clone()),
            new: number(*now),
            ..at(ChangeKind::EnumValueAdded, false)
        });
    }
}
