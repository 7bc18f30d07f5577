//! Agents and operations: method names, parameters from the request
//! wrapper, the response's shape, and the docs of each method. Response
//! wrappers with several children are returned as records of their own.

use std::collections::BTreeMap;

use super::mapping::TypeMap;
use super::names::{camel, escape, screaming, snake, Registry};
use super::{
    reserved, AgentPlan, DeclaredHeaders, OperationDocs, OperationPlan, PlanError, RecordOrigin,
    RecordPlan, ResponseElement, ResponsePlan,
};
use crate::config::Config;
use crate::model::{
    Agent, ComplexShape, Element, Field, Message, Operation, QName, TypeDef, TypeRef,
};

/// The agents of a version and the records of their response wrappers.
pub(super) struct Agents {
    /// Sorted by module name.
    pub agents: Vec<AgentPlan>,
    /// Response wrappers with more than a `Response` child, by Rust name.
    pub wrappers: Vec<RecordPlan>,
}

/// Plans the agents `config` selects. Wrapper names are claimed over every
/// agent of the version (sorted), so a selection never renames them;
/// `constants` are names operation constants may not take (the namespace
/// constants of the version).
pub(super) fn plan_agents(
    map: &mut TypeMap<'_>,
    config: &Config,
    constants: &[&str],
) -> Result<Agents, PlanError> {
    let v = map.version;
    let wrapper_names = name_wrappers(map)?;
    let mut modules = Registry::with_reserved(reserved::VERSION_MODULES.iter().copied());
    let mut structs = Registry::default();
    // Service traits share the `server` module's scope with the codegen prelude.
    let mut services =
        Registry::with_reserved(reserved::PRELUDE.iter().chain(reserved::STD).copied());
    let mut agents = Vec::new();
    let mut wrappers: BTreeMap<String, RecordPlan> = BTreeMap::new();
    for a in v.agents.iter().filter(|a| config.selects(&a.name)) {
        let at = a.file.display().to_string();
        let mut methods = Registry::with_reserved(reserved::AGENT_METHODS.iter().copied());
        let mut consts = Registry::with_reserved(constants.iter().copied());
        let mut operations = Vec::new();
        for op in &a.operations {
            let input =
                body_element(map, a, &op.input, &at)?.ok_or_else(|| PlanError::Unsupported {
                    at: at.clone(),
                    what: format!("operation {} has no body part", op.name),
                })?;
            let in_fields = wrapper_fields(map, input, &at)?;
            let params = map.fields(
                &input.name.name,
                in_fields.iter().copied(),
                reserved::parameter_names(),
                &at,
            )?;
            let response = response(map, a, op, &wrapper_names, &mut wrappers, &at)?;
            let response_element = response_element(map, a, op, input, &at)?;
            let docs = docs(config, &v.name, &a.name, op, &params);
            let (rest, in_current_api) = super::rest::request_shape(&a.name, &op.name, &params);
            operations.push(OperationPlan {
                name: op.name.clone(),
                method: methods.claim(&[escape(&snake(&op.name))], true),
                constant: consts.claim(&[screaming(&op.name)], true),
                action: op.soap_action.clone(),
                request_ns: input.name.namespace.clone(),
                request_name: input.name.name.clone(),
                params,
                headers: DeclaredHeaders::declared(&op.input.headers),
                response,
                response_element,
                rest,
                in_current_api,
                on_rest: super::rest::on_rest(&v.name, in_current_api),
                docs,
            });
        }
        let service_path = a
            .address
            .as_deref()
            .and_then(|u| u.rsplit('/').next())
            .filter(|s| s.ends_with(".svc"))
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}.svc", a.name));
        agents.push(AgentPlan {
            name: a.name.clone(),
            module: modules.claim(&[escape(&snake(&a.name))], true),
            rust: structs.claim(&[format!("{}Agent", camel(&a.name))], false),
            service: services.claim(&[format!("{}Service", camel(&a.name))], false),
            service_path,
            soap: a.soap,
            operations,
        });
    }
    agents.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(Agents {
        agents,
        wrappers: wrappers.into_values().collect(),
    })
}

/// The Rust name of every response wrapper that needs a record, over every
/// agent of the version, keyed by the element (and by the agent when the
/// agents disagree on the element).
fn name_wrappers(map: &mut TypeMap<'_>) -> Result<BTreeMap<WrapperKey, String>, PlanError> {
    let v = map.version;
    let mut keys = Vec::new();
    for a in &v.agents {
        let at = a.file.display().to_string();
        for out in a.operations.iter().filter_map(|op| op.output.as_ref()) {
            if let Some(el) = body_element(map, a, out, &at)? {
                if !is_plain_response(&wrapper_fields(map, el, &at)?) {
                    keys.push(wrapper_key(map, a, &el.name));
                }
            }
        }
    }
    keys.sort();
    keys.dedup();
    Ok(keys
        .into_iter()
        .map(|key| {
            let plain = camel(&key.0.name);
            let candidate = match &key.1 {
                Some(agent) => format!("{}{plain}", camel(agent)),
                None => plain,
            };
            let name = map.names.claim(&[candidate], false);
            (key, name)
        })
        .collect())
}

type WrapperKey = (QName, Option<String>);

fn response(
    map: &TypeMap<'_>,
    a: &Agent,
    op: &Operation,
    names: &BTreeMap<WrapperKey, String>,
    wrappers: &mut BTreeMap<String, RecordPlan>,
    at: &str,
) -> Result<ResponsePlan, PlanError> {
    let Some(out) = &op.output else {
        return Ok(ResponsePlan::Void);
    };
    let Some(el) = body_element(map, a, out, at)? else {
        return Ok(ResponsePlan::Void);
    };
    let fields = wrapper_fields(map, el, at)?;
    Ok(match fields.as_slice() {
        [] => ResponsePlan::Void,
        [f] if f.name == "Response" => ResponsePlan::Content(map.field_ty(f, at)?),
        _ => {
            let rust = names[&wrapper_key(map, a, &el.name)].clone();
            if !wrappers.contains_key(&rust) {
                let record = RecordPlan {
                    rust: rust.clone(),
                    xml_ns: el.name.namespace.clone(),
                    xml_name: el.name.name.clone(),
                    origin: RecordOrigin::ResponseWrapper,
                    bases: Vec::new(),
                    fields: map.fields(
                        &el.name.name,
                        fields.iter().copied(),
                        [super::EXTENSION_FIELD],
                        at,
                    )?,
                    in_poly: false,
                    extension: super::EXTENSION_FIELD.to_owned(),
                    tag: None,
                    levels: vec![fields.len()],
                };
                wrappers.insert(rust.clone(), record);
            }
            ResponsePlan::Wrapper(rust)
        }
    })
}

/// The output's body element (or `{request}Response` beside the request element when the
/// operation has none), the namespace of its `Response` child, and whether the output
/// declares NetServer's response headers.
fn response_element(
    map: &TypeMap<'_>,
    a: &Agent,
    op: &Operation,
    input: &Element,
    at: &str,
) -> Result<ResponseElement, PlanError> {
    let el = match &op.output {
        Some(out) => body_element(map, a, out, at)?,
        None => None,
    };
    let (ns, name) = match el {
        Some(el) => (el.name.namespace.clone(), el.name.name.clone()),
        None => (
            input.name.namespace.clone(),
            format!("{}Response", input.name.name),
        ),
    };
    let content_ns = match el {
        Some(el) => wrapper_fields(map, el, at)?
            .iter()
            .find(|f| f.name == "Response")
            .map_or_else(|| ns.clone(), |f| f.namespace.clone()),
        None => ns.clone(),
    };
    let headers = op.output.as_ref().is_some_and(|m| {
        ["ExceptionInfo", "ExtraInfo", "Succeeded", "TimeZone"]
            .iter()
            .all(|h| m.headers.iter().any(|p| p.element.name == *h))
    });
    Ok(ResponseElement {
        ns,
        name,
        content_ns,
        headers,
    })
}

/// From the official proxy's docs when they have the method, else "Calls
/// `Op`." and the WSDL's own documentation.
fn docs(
    config: &Config,
    version: &str,
    agent: &str,
    op: &Operation,
    params: &[super::FieldPlan],
) -> OperationDocs {
    match config
        .docs
        .as_ref()
        .and_then(|d| d.method(version, agent, &op.name))
    {
        Some(m) => OperationDocs {
            summary: m.summary.clone(),
            params: params
                .iter()
                .filter_map(|p| {
                    let text = m.param(&p.xml_name)?;
                    Some((p.rust.trim_start_matches("r#").to_owned(), text.to_owned()))
                })
                .collect(),
            returns: m.returns.clone().filter(|r| !r.is_empty()),
        },
        None => {
            let mut summary = format!("Calls `{}`.", op.name);
            if let Some(d) = op.documentation.as_deref().filter(|d| !d.trim().is_empty()) {
                summary += "\n\n";
                summary += d.trim();
            }
            OperationDocs {
                summary,
                params: Vec::new(),
                returns: None,
            }
        }
    }
}

fn is_plain_response(fields: &[&Field]) -> bool {
    match fields {
        [] => true,
        [f] => f.name == "Response",
        _ => false,
    }
}

fn wrapper_key(map: &TypeMap<'_>, a: &Agent, q: &QName) -> WrapperKey {
    let scoped = map
        .version
        .agent_elements
        .get(&a.name)
        .is_some_and(|m| m.contains_key(q));
    (q.clone(), scoped.then(|| a.name.clone()))
}

/// The body's wrapper element (document/literal: at most one part).
fn body_element<'v>(
    map: &TypeMap<'v>,
    a: &Agent,
    msg: &Message,
    at: &str,
) -> Result<Option<&'v Element>, PlanError> {
    match msg.body.as_slice() {
        [] => Ok(None),
        [part] => map
            .version
            .element(&a.name, &part.element)
            .map(Some)
            .ok_or_else(|| PlanError::DanglingElement {
                at: at.to_string(),
                name: part.element.clone(),
                version: map.version.name.clone(),
            }),
        _ => Err(PlanError::Unsupported {
            at: at.to_string(),
            what: format!("message {} has {} body parts", msg.name, msg.body.len()),
        }),
    }
}

/// The fields of a wrapper element (anonymous, or a named plain record).
fn wrapper_fields<'v>(
    map: &TypeMap<'v>,
    el: &'v Element,
    at: &str,
) -> Result<Vec<&'v Field>, PlanError> {
    let def = match &el.ty {
        TypeRef::Anonymous(def) => &**def,
        TypeRef::Named(q) => match map.version.types.get(q) {
            Some(t) => &t.def,
            None => {
                return Err(PlanError::Dangling {
                    at: at.to_string(),
                    name: q.clone(),
                    version: map.version.name.clone(),
                })
            }
        },
        TypeRef::Builtin(_) => {
            return Err(PlanError::Unsupported {
                at: at.to_string(),
                what: format!("wrapper element {} of a built-in type", el.name.name),
            })
        }
    };
    match def {
        TypeDef::Complex(ct) if ct.base.is_none() && matches!(ct.shape, ComplexShape::Record) => {
            Ok(ct.fields.iter().collect())
        }
        _ => Err(PlanError::Unsupported {
            at: at.to_string(),
            what: format!("wrapper element {} is not a plain sequence", el.name.name),
        }),
    }
}
