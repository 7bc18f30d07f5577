//! Inheritance over a version's merged types: every chain checked for
//! cycles and for [`MAX_INHERITANCE_DEPTH`], and the derived-type sets, in
//! time linear in the number of types (times the bounded depth).

use std::collections::BTreeMap;

use super::error::{ErrorKind, ReadError};
use crate::model::{ComplexType, NamedType, QName, TypeDef, MAX_INHERITANCE_DEPTH};

/// For each base, every type that extends it directly or transitively
/// (sorted). A cycle is reported as a cycle, a chain deeper than
/// [`MAX_INHERITANCE_DEPTH`] as a depth limit naming its most derived type.
pub fn derived(
    types: &BTreeMap<QName, NamedType>,
) -> Result<BTreeMap<QName, Vec<QName>>, ReadError> {
    let names: Vec<&QName> = types.keys().collect();
    let index: BTreeMap<&QName, usize> = names.iter().enumerate().map(|(i, q)| (*q, i)).collect();
    // The base of each type, when it is a type of this version.
    let base: Vec<Option<usize>> = types
        .values()
        .map(|t| match &t.def {
            TypeDef::Complex(ComplexType { base: Some(b), .. }) => index.get(b).copied(),
            _ => None,
        })
        .collect();
    let depth = depths(&names, &base, types)?;
    if let Some((deepest, _)) = depth
        .iter()
        .enumerate()
        .filter(|(_, d)| **d > MAX_INHERITANCE_DEPTH)
        .max_by_key(|(i, d)| (**d, std::cmp::Reverse(*i)))
    {
        let q = names[deepest];
        return Err(ReadError::at(
            ErrorKind::Unsupported,
            types[q].source.clone(),
            format!(
                "the inheritance chain starting at `{}` is deeper than the limit of {MAX_INHERITANCE_DEPTH} levels ({} base types)",
                q.name, depth[deepest]
            ),
        ));
    }
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, _) in names.iter().enumerate() {
        let mut up = base[i];
        while let Some(b) = up {
            sets.entry(b).or_default().push(i);
            up = base[b];
        }
    }
    // Indexes follow the names' order, so each set is already sorted.
    Ok(sets
        .into_iter()
        .map(|(b, ds)| {
            (
                names[b].clone(),
                ds.into_iter().map(|d| names[d].clone()).collect(),
            )
        })
        .collect())
}

/// How many base types each type has above it, or the first cycle found.
fn depths(
    names: &[&QName],
    base: &[Option<usize>],
    types: &BTreeMap<QName, NamedType>,
) -> Result<Vec<usize>, ReadError> {
    const UNSEEN: usize = usize::MAX;
    const ON_PATH: usize = usize::MAX - 1;
    let mut depth = vec![UNSEEN; names.len()];
    let mut path = Vec::new();
    for start in 0..names.len() {
        let mut cur = Some(start);
        // Walk up until a type whose depth is known, or the root.
        while let Some(i) = cur {
            match depth[i] {
                UNSEEN => {
                    depth[i] = ON_PATH;
                    path.push(i);
                    cur = base[i];
                }
                ON_PATH => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let mut cycle: Vec<String> = path[from..]
                        .iter()
                        .map(|&p| names[p].name.clone())
                        .collect();
                    cycle.push(names[i].name.clone());
                    return Err(ReadError::at(
                        ErrorKind::Unsupported,
                        types[names[i]].source.clone(),
                        format!(
                            "circular inheritance: type `{}` derives from itself ({})",
                            names[i].name,
                            cycle.join(" extends ")
                        ),
                    ));
                }
                _ => break,
            }
        }
        // Unwind: each type is one deeper than its base.
        while let Some(i) = path.pop() {
            depth[i] = match base[i] {
                Some(b) => depth[b] + 1,
                None => 0,
            };
        }
    }
    Ok(depth)
}
