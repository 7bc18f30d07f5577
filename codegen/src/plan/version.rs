//! One version from model to plan: name the types, build the type items and
//! the agents, box cycles, keep what the selected agents reach.

use std::collections::{BTreeMap, BTreeSet};

use super::mapping::{ns_tag, TypeMap};
use super::names::{screaming, Registry};
use super::{agents, reach, types, NamespaceConst, PlanError, TypeItem, VersionPlan};
use crate::config::Config;
use crate::model::{ComplexShape, Field, Model, TypeDef, TypeRef, Version};

/// Fails on a requested agent that no version has.
pub(super) fn check_agents(model: &Model, wanted: &[String]) -> Result<(), PlanError> {
    for w in wanted {
        let known = model
            .versions
            .iter()
            .any(|v| v.agents.iter().any(|a| a.name.eq_ignore_ascii_case(w)));
        if !known {
            let all: BTreeSet<&str> = model
                .versions
                .iter()
                .flat_map(|v| v.agents.iter().map(|a| a.name.as_str()))
                .collect();
            return Err(PlanError::UnknownAgent {
                name: w.clone(),
                available: all.into_iter().collect::<Vec<_>>().join(", "),
            });
        }
    }
    Ok(())
}

/// Plans version `v` as module `module`.
pub(super) fn plan_version(
    v: &Version,
    module: String,
    config: &Config,
) -> Result<VersionPlan, PlanError> {
    let mut map = TypeMap::new(v, &config.secret_fields);
    let mut items = types::type_items(&mut map)?;
    let namespaces = namespace_consts(v);
    let constants: Vec<&str> = namespaces.iter().map(|n| n.rust.as_str()).collect();
    let planned = agents::plan_agents(&mut map, config, &constants)?;
    for w in planned.wrappers {
        items.insert(w.rust.clone(), TypeItem::Record(w));
    }
    reach::box_cycles(&mut items);
    let types = reach::reachable(&items, &planned.agents);
    let mut plan = VersionPlan {
        name: v.name.clone(),
        module,
        namespace: v.namespace.clone(),
        namespaces,
        types,
        agents: planned.agents,
    };
    super::rest::discriminate(&mut plan);
    Ok(plan)
}

/// A constant for every namespace URI the version's schema uses: `NS` for
/// its own, `NS_<LAST SEGMENT>` for the others (in URI order), so every file
/// names a URI the same way whichever agents are selected.
fn namespace_consts(v: &Version) -> Vec<NamespaceConst> {
    let mut uris = BTreeSet::new();
    let complex = |def: &TypeDef, uris: &mut BTreeSet<String>| {
        if let TypeDef::Complex(c) = def {
            uris.extend(c.fields.iter().map(|f: &Field| f.namespace.clone()));
            if let ComplexShape::Dictionary { key, value, .. } = &c.shape {
                uris.insert(key.namespace.clone());
                uris.insert(value.namespace.clone());
            }
        }
    };
    for (q, t) in &v.types {
        uris.insert(q.namespace.clone());
        complex(&t.def, &mut uris);
    }
    let scoped = v.agent_elements.values().flat_map(BTreeMap::values);
    for el in v.elements.values().chain(scoped) {
        uris.insert(el.name.namespace.clone());
        if let TypeRef::Anonymous(def) = &el.ty {
            complex(def, &mut uris);
        }
    }
    uris.remove("");
    uris.remove(&v.namespace);
    let mut names = Registry::default();
    let mut out = vec![NamespaceConst {
        uri: v.namespace.clone(),
        rust: names.claim(&["NS".to_owned()], true),
    }];
    for uri in uris {
        let rust = names.claim(&[format!("NS_{}", screaming(ns_tag(&uri)))], true);
        out.push(NamespaceConst { uri, rust });
    }
    out
}
