//! Agents and operations: method names, parameters from the request
//! wrapper, and the response's shape.

use std::collections::BTreeMap;

use super::build::{Ctx, PlanError};
use super::names::{camel, escape, screaming, snake, Registry};
use super::{AgentPlan, OperationPlan, RecordPlan, RequestHeaders, ResponsePlan, TypeItem};
use crate::model::{Agent, ComplexShape, Element, Field, Message, QName, TypeDef, TypeRef};

/// Methods every agent has besides its operations.
const AGENT_METHODS: &[&str] = &["new", "client"];

/// Plans `selected` agents; response wrappers with several children become
/// records in `items`. Wrapper names are claimed over every agent of the
/// version (sorted), so a selection never renames them.
pub(super) fn plan_agents(
    ctx: &mut Ctx<'_>,
    selected: &[&Agent],
    items: &mut BTreeMap<String, TypeItem>,
) -> Result<Vec<AgentPlan>, PlanError> {
    let v = ctx.version;
    // Keyed by the element, and by the agent when the agents disagree on it.
    let mut wrappers: BTreeMap<(QName, Option<String>), String> = BTreeMap::new();
    for a in &v.agents {
        for op in &a.operations {
            if let Some(out) = &op.output {
                let at = a.file.display().to_string();
                if let Some(el) = body_element(ctx, a, out, &at)? {
                    let fields = wrapper_fields(ctx, el, &at)?;
                    if !is_plain_response(&fields) {
                        wrappers.insert(wrapper_key(ctx, a, &el.name), String::new());
                    }
                }
            }
        }
    }
    for ((q, agent), name) in wrappers.iter_mut() {
        let plain = camel(&q.name);
        let mut candidates = vec![plain.clone()];
        if let Some(agent) = agent {
            candidates = vec![format!("{}{plain}", camel(agent))];
        }
        *name = ctx.types.claim(&candidates, false);
    }

    let mut modules = Registry::with_reserved(&["types"]);
    let mut agents: Vec<AgentPlan> = Vec::new();
    for a in selected {
        let at = a.file.display().to_string();
        let mut methods = Registry::with_reserved(AGENT_METHODS);
        let mut consts = Registry::default();
        let mut operations = Vec::new();
        for op in &a.operations {
            let input =
                body_element(ctx, a, &op.input, &at)?.ok_or_else(|| PlanError::Unsupported {
                    at: at.clone(),
                    what: format!("operation {} has no body part", op.name),
                })?;
            let in_fields = wrapper_fields(ctx, input, &at)?;
            let params = ctx.fields(in_fields.iter().copied(), &["self"], &at)?;
            let response = match &op.output {
                None => ResponsePlan::Void,
                Some(out) => match body_element(ctx, a, out, &at)? {
                    None => ResponsePlan::Void,
                    Some(el) => {
                        let fields = wrapper_fields(ctx, el, &at)?;
                        match fields.as_slice() {
                            [] => ResponsePlan::Void,
                            [f] if f.name == "Response" => {
                                ResponsePlan::Content(ctx.field_ty(f, &at)?)
                            }
                            _ => {
                                let rust = wrappers[&wrapper_key(ctx, a, &el.name)].clone();
                                let fields = ctx.fields(fields.iter().copied(), &[], &at)?;
                                items.entry(rust.clone()).or_insert_with(|| {
                                    TypeItem::Record(RecordPlan {
                                        rust: rust.clone(),
                                        xml_ns: el.name.namespace.clone(),
                                        xml_name: el.name.name.clone(),
                                        bases: Vec::new(),
                                        fields,
                                        in_poly: false,
                                    })
                                });
                                ResponsePlan::Wrapper(rust)
                            }
                        }
                    }
                },
            };
            operations.push(OperationPlan {
                name: op.name.clone(),
                method: methods.claim(&[escape(&snake(&op.name))], true),
                constant: consts.claim(&[screaming(&op.name)], true),
                action: op.soap_action.clone(),
                soap: a.soap,
                request_ns: input.name.namespace.clone(),
                request_name: input.name.name.clone(),
                params,
                headers: RequestHeaders::declared(&op.input.headers),
                response,
                documentation: op.documentation.clone(),
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
            rust: format!("{}Agent", camel(&a.name)),
            service_path,
            operations,
        });
    }
    agents.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(agents)
}

fn is_plain_response(fields: &[&Field]) -> bool {
    match fields {
        [] => true,
        [f] => f.name == "Response",
        _ => false,
    }
}

fn wrapper_key(ctx: &Ctx<'_>, a: &Agent, q: &QName) -> (QName, Option<String>) {
    let scoped = ctx
        .version
        .agent_elements
        .get(&a.name)
        .is_some_and(|m| m.contains_key(q));
    (q.clone(), scoped.then(|| a.name.clone()))
}

/// The body's wrapper element (document/literal: at most one part).
fn body_element<'v>(
    ctx: &Ctx<'v>,
    a: &Agent,
    msg: &Message,
    at: &str,
) -> Result<Option<&'v Element>, PlanError> {
    match msg.body.as_slice() {
        [] => Ok(None),
        [part] => ctx
            .version
            .element(&a.name, &part.element)
            .map(Some)
            .ok_or_else(|| PlanError::DanglingElement {
                at: at.to_string(),
                name: part.element.clone(),
                version: ctx.version.name.clone(),
            }),
        _ => Err(PlanError::Unsupported {
            at: at.to_string(),
            what: format!("message {} has {} body parts", msg.name, msg.body.len()),
        }),
    }
}

/// The fields of a wrapper element (anonymous, or a named record flattened).
fn wrapper_fields<'v>(
    ctx: &Ctx<'v>,
    el: &'v Element,
    at: &str,
) -> Result<Vec<&'v Field>, PlanError> {
    let def = match &el.ty {
        TypeRef::Anonymous(def) => &**def,
        TypeRef::Named(q) => match ctx.version.types.get(q) {
            Some(t) => &t.def,
            None => {
                return Err(PlanError::Dangling {
                    at: at.to_string(),
                    name: q.clone(),
                    version: ctx.version.name.clone(),
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
