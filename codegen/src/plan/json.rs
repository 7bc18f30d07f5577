//! The plan as JSON, for tools: `sogen inspect --plan --format json`, or
//! [`to_json`] from the library. Versioned by `format_version`; the shape is
//! written down as a JSON Schema in `codegen/plan.schema.json` (a test checks
//! the whole corpus against it).
//!
//! Everything a generated API is made of appears, with its Rust name and
//! its wire name: every version; every type (records with each field's Rust
//! name, XML name and namespace, Rust type and wire shape; enumerations;
//! flag sets; polymorphic enums with their variants and, where JSON tells
//! them apart by a member, that discriminator); every agent and operation
//! (method, SOAPAction, request element, parameters with their Rust types,
//! response shape, the REST request shape).

use serde_json::{json, Value};

use super::{
    AgentPlan, EnumPlan, FieldPlan, OperationPlan, Plan, RecordOrigin, ResponsePlan, RustTy,
    TypeItem, VersionPlan,
};
use crate::model::SoapVersion;

/// The version of the JSON shape; raised on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The plan as a JSON value.
///
/// ```
/// let plan = sogen_codegen::plan::Plan::default();
/// let json = sogen_codegen::plan::json::to_json(&plan);
/// assert_eq!(json["format_version"], 1);
/// assert_eq!(json["versions"].as_array().map(Vec::len), Some(0));
/// ```
pub fn to_json(plan: &Plan) -> Value {
    json!({
        "format_version": FORMAT_VERSION,
        "generator": concat!("sogen ", env!("CARGO_PKG_VERSION")),
        "versions": plan.versions.iter().map(version).collect::<Vec<_>>(),
    })
}

fn version(v: &VersionPlan) -> Value {
    json!({
        "name": v.name,
        "module": v.module,
        "namespace": v.namespace,
        "namespaces": v.namespaces.iter().map(|n| json!({"uri": n.uri, "rust": n.rust})).collect::<Vec<_>>(),
        "types": v.types.iter().map(type_item).collect::<Vec<_>>(),
        "agents": v.agents.iter().map(agent).collect::<Vec<_>>(),
    })
}

fn xml(ns: &str, name: &str) -> Value {
    json!({"ns": ns, "name": name})
}

fn type_item(t: &TypeItem) -> Value {
    match t {
        TypeItem::Record(r) => json!({
            "kind": "record",
            "rust": r.rust,
            "xml": xml(&r.xml_ns, &r.xml_name),
            "origin": match r.origin {
                RecordOrigin::ComplexType => "complex_type",
                RecordOrigin::ResponseWrapper => "response_wrapper",
            },
            "bases": r.bases,
            "fields": r.fields.iter().map(field).collect::<Vec<_>>(),
            "levels": r.levels,
            "extension": r.extension,
            "tag": r.tag.as_ref().map(|t| json!({
                "field": t.field,
                "value": t.value,
                "variant": t.variant,
            })),
        }),
        TypeItem::Enum(e) => enumeration(e),
        TypeItem::Flags(f) => json!({
            "kind": "flags",
            "rust": f.rust,
            "xml": xml(&f.xml_ns, &f.xml_name),
            "item": enumeration(&f.item),
        }),
        TypeItem::Poly(p) => json!({
            "kind": "poly",
            "rust": p.rust,
            "xml": xml(&p.xml_ns, &p.xml_name),
            "variants": p.variants.iter().map(|v| json!({
                "rust": v.rust,
                "record": v.record,
                "xsi_type": xml(&v.xml_ns, &v.xml_name),
            })).collect::<Vec<_>>(),
            "discriminator": p.discriminator.as_ref().map(|d| json!({
                "member": d.member,
                "variants": d.variants.iter().map(|t| json!({
                    "value": t.value,
                    "variant": t.variant,
                })).collect::<Vec<_>>(),
            })),
        }),
    }
}

fn enumeration(e: &EnumPlan) -> Value {
    json!({
        "kind": "enum",
        "rust": e.rust,
        "xml": xml(&e.xml_ns, &e.xml_name),
        "variants": e.variants.iter().map(|v| json!({
            "rust": v.rust,
            "xml": v.xml,
            "number": v.value,
        })).collect::<Vec<_>>(),
        "unknown": e.unknown,
    })
}

fn field(f: &FieldPlan) -> Value {
    json!({
        "rust": f.rust,
        "xml": xml(&f.xml_ns, &f.xml_name),
        "rust_type": f.ty.rust_type(""),
        "ty": ty(&f.ty),
        "secret": f.secret,
    })
}

/// The wire shape of a type, structurally.
fn ty(t: &RustTy) -> Value {
    match t {
        RustTy::Prim(b) => json!({"prim": super::prim_name(*b), "xsd": b.xml_name()}),
        RustTy::Named(n) => json!({"named": n}),
        RustTy::Option(t) => json!({"option": ty(t)}),
        RustTy::Boxed(t) => json!({"boxed": ty(t)}),
        RustTy::Repeated(t) => json!({"repeated": ty(t)}),
        RustTy::List {
            item_ns,
            item_name,
            item,
        } => json!({"list": {"item_xml": xml(item_ns, item_name), "item": ty(item)}}),
        RustTy::Map {
            entry_ns,
            entry_name,
            key,
            value,
        } => {
            json!({"map": {"entry_xml": xml(entry_ns, entry_name), "key": ty(key), "value": ty(value)}})
        }
    }
}

fn agent(a: &AgentPlan) -> Value {
    json!({
        "name": a.name,
        "module": a.module,
        "rust": a.rust,
        "service": a.service,
        "service_path": a.service_path,
        "soap": match a.soap {
            SoapVersion::Soap11 => "1.1",
            SoapVersion::Soap12 => "1.2",
        },
        "operations": a.operations.iter().map(operation).collect::<Vec<_>>(),
    })
}

fn operation(op: &OperationPlan) -> Value {
    let response = match &op.response {
        ResponsePlan::Void => json!({"kind": "void", "rust_type": "()"}),
        ResponsePlan::Content(t) => json!({
            "kind": "content",
            "rust_type": t.rust_type(""),
            "ty": ty(t),
        }),
        ResponsePlan::Wrapper(n) => json!({"kind": "wrapper", "rust_type": n, "record": n}),
    };
    json!({
        "name": op.name,
        "method": op.method,
        "constant": op.constant,
        "soap_action": op.action,
        "request": xml(&op.request_ns, &op.request_name),
        "headers": {
            "application_token": op.headers.application_token,
            "credentials": op.headers.credentials,
            "time_zone": op.headers.time_zone,
        },
        "params": op.params.iter().map(|p| {
            let mut v = field(p);
            v["param_type"] = Value::from(p.ty.param_type(""));
            v
        }).collect::<Vec<_>>(),
        "response": response,
        "rest": {
            "shape": op.rest.as_text(),
            "in_current_api": op.in_current_api,
            "on_rest": op.on_rest,
        },
        "response_element": {
            "ns": op.response_element.ns,
            "name": op.response_element.name,
            "content_ns": op.response_element.content_ns,
            "headers": op.response_element.headers,
        },
        "docs": {
            "summary": op.docs.summary,
            "params": op.docs.params.iter().map(|(p, t)| json!({"param": p, "text": t})).collect::<Vec<_>>(),
            "returns": op.docs.returns,
        },
    })
}
