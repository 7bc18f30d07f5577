//! Merges the files of each version into one type universe and computes
//! the derived-type sets.

use std::collections::BTreeMap;

use super::conflict::{describe_element, describe_type};
use super::error::ReadError;
use super::wsdl::FileModel;
use super::xml::FxMap;
use crate::model::{Agent, Element, Model, NamedType, QName, Source, Version};

#[derive(Default)]
struct Builder {
    agents: BTreeMap<String, (Agent, Source)>,
    types: FxMap<QName, NamedType>,
    /// Each distinct definition of an element name, with the files holding it.
    elements: FxMap<QName, Vec<ElementDef>>,
    /// The agent names of each file merged, by file index.
    file_agents: Vec<Vec<String>>,
}

struct ElementDef {
    element: Element,
    source: Source,
    /// Indexes into [`Builder::file_agents`].
    files: Vec<usize>,
}

/// Merges files (in the order given: the first definition wins as `source`).
pub fn merge(files: Vec<FileModel>) -> Result<Model, ReadError> {
    let mut versions: BTreeMap<String, Builder> = BTreeMap::new();
    for file in files {
        let v = versions.entry(file.namespace).or_default();
        let file_index = v.file_agents.len();
        v.file_agents
            .push(file.agents.iter().map(|(a, _)| a.name.clone()).collect());
        for (agent, source) in file.agents {
            if let Some((_, first)) = v.agents.get(&agent.name) {
                return Err(ReadError::conflict(
                    source,
                    first.clone(),
                    format!("agent `{}` is defined twice in one version", agent.name),
                ));
            }
            v.agents.insert(agent.name.clone(), (agent, source));
        }
        for (name, ty) in file.schemas.types {
            match v.types.get(&name) {
                Some(first) if first.def != ty.def => {
                    let diff = describe_type(&first.def, &ty.def);
                    return Err(ReadError::conflict(
                        ty.source,
                        first.source.clone(),
                        format!("type `{name}` differs from its first definition: {diff}"),
                    ));
                }
                Some(_) => {}
                None => {
                    v.types.insert(name, ty);
                }
            }
        }
        let has_agents = !v.file_agents[file_index].is_empty();
        for (name, el, source) in file.schemas.elements {
            let Some(defs) = v.elements.get_mut(&name) else {
                let files = vec![file_index];
                v.elements.insert(
                    name,
                    vec![ElementDef {
                        element: el,
                        source,
                        files,
                    }],
                );
                continue;
            };
            if let Some(d) = defs.iter_mut().find(|d| d.element == el) {
                d.files.push(file_index);
                continue;
            }
            if let Some(same_file) = defs.iter().find(|d| d.source.file == source.file) {
                let diff = describe_element(&same_file.element, &el);
                return Err(ReadError::conflict(
                    source,
                    same_file.source.clone(),
                    format!("element `{name}` is defined twice differently in one file: {diff}"),
                ));
            }
            if !has_agents {
                let first = &defs[0];
                let diff = describe_element(&first.element, &el);
                return Err(ReadError::conflict(
                    source,
                    first.source.clone(),
                    format!(
                        "element `{name}` differs from its first definition, in a file without agents: {diff}"
                    ),
                ));
            }
            defs.push(ElementDef {
                element: el,
                source,
                files: vec![file_index],
            });
        }
    }
    let mut out = Vec::with_capacity(versions.len());
    for (namespace, b) in versions {
        let types: BTreeMap<QName, NamedType> = b.types.into_iter().collect();
        let derived = super::inheritance::derived(&types)?;
        let mut elements = BTreeMap::new();
        let mut agent_elements: BTreeMap<String, BTreeMap<QName, Element>> = BTreeMap::new();
        for (name, mut defs) in b.elements {
            if defs.len() == 1 {
                elements.insert(name, defs.pop().expect("one").element);
                continue;
            }
            for d in defs {
                for agent in d.files.iter().flat_map(|f| &b.file_agents[*f]) {
                    agent_elements
                        .entry(agent.clone())
                        .or_default()
                        .insert(name.clone(), d.element.clone());
                }
            }
        }
        out.push(Version {
            name: version_name(&namespace),
            namespace,
            agents: b.agents.into_values().map(|(a, _)| a).collect(),
            types,
            elements,
            agent_elements,
            derived,
        });
    }
    out.sort_by(|a, b| (&a.name, &a.namespace).cmp(&(&b.name, &b.namespace)));
    Ok(Model { versions: out })
}

/// `Services88` from `http://www.superoffice.net/ws/crm/NetServer/Services88`.
pub fn version_name(namespace: &str) -> String {
    let trimmed = namespace.trim_end_matches('/');
    match trimmed.rsplit(['/', ':']).next() {
        Some(last) if !last.is_empty() => last.to_string(),
        _ => namespace.to_string(),
    }
}
