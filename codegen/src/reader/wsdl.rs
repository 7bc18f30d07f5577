//! WSDL 1.1 definitions of one file -> agents (portType + SOAP binding + port).

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::error::{ErrorKind, ReadError, RefKind};
use super::schema::{SchemaReader, Schemas};
use super::xml::{display_name, elements, is, FileCtx, FxMap, FxSet, SOAP12_NS, SOAP_NS, WSDL_NS};
use crate::model::{Agent, Message, Operation, Part, QName, SoapVersion, Source, XS_NS};

/// Everything read from one WSDL file, before merging.
#[derive(Debug)]
pub struct FileModel {
    /// The `definitions` target namespace: which version the file belongs to.
    pub namespace: String,
    /// Agents with where their portType is defined.
    pub agents: Vec<(Agent, Source)>,
    /// The file's schema content.
    pub schemas: Schemas,
}

struct MessageDef<'a, 'i> {
    node: Node<'a, 'i>,
    /// (part name, element, offset of the part).
    parts: Vec<(&'a str, QName, usize)>,
}

struct BindingDef<'a, 'i> {
    node: Node<'a, 'i>,
    port_type: QName,
    soap: SoapVersion,
}

/// Reads one parsed WSDL document.
///
/// Each portType becomes an agent, through its SOAP 1.1 binding or else its
/// SOAP 1.2 one; the service and address come from the port using that
/// binding (without one: the definitions' `name` and no address).
pub fn read_document(ctx: &FileCtx, doc: &Document) -> Result<FileModel, ReadError> {
    let root = doc.root_element();
    if !is(root, WSDL_NS, "definitions") {
        return Err(ctx.err(
            ErrorKind::Invalid,
            root,
            format!(
                "found <{}> ({}), expected a WSDL 1.1 <definitions> ({WSDL_NS})",
                display_name(root),
                root.tag_name().namespace().unwrap_or("no namespace")
            ),
        ));
    }
    let tns = ctx.req(root, "targetNamespace")?;
    let mut schemas = Vec::new();
    let mut messages = FxMap::default();
    let mut port_types = Vec::new();
    let mut bindings: Vec<(QName, Node)> = Vec::new();
    let mut services = Vec::new();
    for child in elements(root) {
        if child.tag_name().namespace() != Some(WSDL_NS) {
            continue; // policies and other extensibility elements
        }
        match child.tag_name().name() {
            "types" => schemas.extend(elements(child).filter(|n| is(*n, XS_NS, "schema"))),
            "message" => {
                let name = ctx.req(child, "name")?;
                let def = message(ctx, child)?;
                if messages.insert(name, def).is_some() {
                    return Err(ctx.err(
                        ErrorKind::Invalid,
                        child,
                        format!("message `{name}` is defined twice"),
                    ));
                }
            }
            "portType" => port_types.push(child),
            "binding" => bindings.push((QName::new(tns, ctx.req(child, "name")?), child)),
            "service" => services.push(child),
            "import" => {
                return Err(ctx.err(
                    ErrorKind::Unsupported,
                    child,
                    "wsdl:import is not followed: inline the imported definitions",
                ))
            }
            _ => {}
        }
    }
    let schemas = SchemaReader::read(ctx, &schemas)?;
    let element_names: FxSet<&QName> = schemas.elements.iter().map(|(q, _, _)| q).collect();
    for m in messages.values() {
        for (_, el, pos) in &m.parts {
            if !element_names.contains(el) {
                return Err(ctx.err_at(
                    ErrorKind::Dangling(RefKind::Element),
                    *pos,
                    format!("element `{el}` is not defined in this file's schemas"),
                ));
            }
        }
    }

    let mut soap_bindings = HashMap::new();
    let port_type_names: std::collections::HashSet<QName> = port_types
        .iter()
        .map(|p| ctx.req(*p, "name").map(|n| QName::new(tns, n)))
        .collect::<Result<_, _>>()?;
    for (name, node) in &bindings {
        let (port_type, pos) = ctx.req_qname(*node, "type")?;
        if !port_type_names.contains(&port_type) {
            return Err(ctx.err_at(
                ErrorKind::Dangling(RefKind::PortType),
                pos,
                format!("portType `{port_type}` is not defined"),
            ));
        }
        if let Some(soap) = soap_binding(ctx, *node)? {
            let def = BindingDef {
                node: *node,
                port_type,
                soap,
            };
            soap_bindings.insert(name.clone(), def);
        }
    }

    // service/port -> (service name, address) per binding
    let mut ports: HashMap<QName, (String, Option<String>)> = HashMap::new();
    for service in &services {
        let service_name = ctx.req(*service, "name")?;
        for port in elements(*service).filter(|n| is(*n, WSDL_NS, "port")) {
            let (binding, pos) = ctx.req_qname(port, "binding")?;
            if !bindings.iter().any(|(q, _)| *q == binding) {
                return Err(ctx.err_at(
                    ErrorKind::Dangling(RefKind::Binding),
                    pos,
                    format!("binding `{binding}` is not defined"),
                ));
            }
            let address = elements(port)
                .find(|n| is(*n, SOAP_NS, "address") || is(*n, SOAP12_NS, "address"))
                .map(|a| ctx.req(a, "location").map(str::to_string))
                .transpose()?;
            ports
                .entry(binding)
                .or_insert((service_name.to_string(), address));
        }
    }

    let mut agents = Vec::new();
    for pt in port_types {
        let name = QName::new(tns, ctx.req(pt, "name")?);
        // SOAP 1.1 first: it is what NetServer speaks; then document order.
        let chosen = bindings
            .iter()
            .filter_map(|(bq, _)| soap_bindings.get(bq).map(|b| (bq, b)))
            .filter(|(_, b)| b.port_type == name)
            .min_by_key(|(_, b)| b.soap);
        let Some((binding_name, binding)) = chosen else {
            return Err(ctx.err(
                ErrorKind::Invalid,
                pt,
                format!("portType `{}` has no SOAP binding", name.name),
            ));
        };
        let (service, address) = ports.get(binding_name).cloned().unwrap_or_else(|| {
            let service = root.attribute("name").unwrap_or(&name.name).to_string();
            (service, None)
        });
        let operations = operations(ctx, tns, pt, binding, &messages)?;
        let agent = Agent {
            name: name.name.clone(),
            file: ctx.path.to_path_buf(),
            service,
            address,
            soap: binding.soap,
            operations,
        };
        agents.push((agent, ctx.source(pt)));
    }
    Ok(FileModel {
        namespace: tns.to_string(),
        agents,
        schemas,
    })
}

fn message<'a, 'i>(ctx: &FileCtx, node: Node<'a, 'i>) -> Result<MessageDef<'a, 'i>, ReadError> {
    let mut parts = Vec::new();
    for part in elements(node).filter(|n| is(*n, WSDL_NS, "part")) {
        let name = ctx.req(part, "name")?;
        if part.has_attribute("type") {
            return Err(ctx.err(
                ErrorKind::Unsupported,
                part,
                format!(
                    "part `{name}` is type-based (rpc style); only element parts are supported"
                ),
            ));
        }
        let (element, pos) = ctx.req_qname(part, "element")?;
        parts.push((name, element, pos));
    }
    Ok(MessageDef { node, parts })
}

/// The binding's SOAP version, or `None` for a non-SOAP binding (HTTP, ...).
fn soap_binding(ctx: &FileCtx, node: Node) -> Result<Option<SoapVersion>, ReadError> {
    for child in elements(node) {
        let soap = if is(child, SOAP_NS, "binding") {
            SoapVersion::Soap11
        } else if is(child, SOAP12_NS, "binding") {
            SoapVersion::Soap12
        } else {
            continue;
        };
        check_style(ctx, child)?;
        return Ok(Some(soap));
    }
    Ok(None)
}

fn check_style(ctx: &FileCtx, node: Node) -> Result<(), ReadError> {
    match node.attribute_node("style") {
        Some(a) if a.value() != "document" => Err(ctx.err_at(
            ErrorKind::Unsupported,
            a.range_value().start,
            format!("style `{}` (only document style is supported)", a.value()),
        )),
        _ => Ok(()),
    }
}

/// Messages of a file by local name (all are in its target namespace).
type Messages<'a, 'i> = FxMap<&'a str, MessageDef<'a, 'i>>;

fn operations(
    ctx: &FileCtx,
    tns: &str,
    port_type: Node,
    binding: &BindingDef,
    messages: &Messages,
) -> Result<Vec<Operation>, ReadError> {
    let port_ops: Vec<Node> = elements(port_type)
        .filter(|n| is(*n, WSDL_NS, "operation"))
        .collect();
    let mut bound: FxMap<&str, Node> = FxMap::default();
    for op in elements(binding.node).filter(|n| is(*n, WSDL_NS, "operation")) {
        let name = ctx.req(op, "name")?;
        if !port_ops.iter().any(|p| p.attribute("name") == Some(name)) {
            return Err(ctx.err(
                ErrorKind::Dangling(RefKind::Operation),
                op,
                format!("binding operation `{name}` is not in portType"),
            ));
        }
        bound.insert(name, op);
    }
    let mut out = Vec::with_capacity(port_ops.len());
    for op in port_ops {
        let name = ctx.req(op, "name")?;
        let io: Vec<Node> = elements(op)
            .filter(|n| is(*n, WSDL_NS, "input") || is(*n, WSDL_NS, "output"))
            .collect();
        let input = match io.first() {
            Some(n) if n.tag_name().name() == "input" => *n,
            _ => {
                return Err(ctx.err(
                    ErrorKind::Unsupported,
                    op,
                    format!("operation `{name}` has no input first (notification and solicit-response operations are not supported)"),
                ))
            }
        };
        let Some(bop) = bound.get(name).copied() else {
            return Err(ctx.err(
                ErrorKind::Invalid,
                op,
                format!("operation `{name}` has no binding operation"),
            ));
        };
        let soap_op =
            elements(bop).find(|n| is(*n, SOAP_NS, "operation") || is(*n, SOAP12_NS, "operation"));
        let mut soap_action = String::new();
        if let Some(so) = soap_op {
            check_style(ctx, so)?;
            soap_action = so.attribute("soapAction").unwrap_or("").to_string();
        }
        let output = io.get(1).copied();
        let input = bound_message(ctx, tns, input, bop, "input", messages)?;
        let output = output
            .map(|o| bound_message(ctx, tns, o, bop, "output", messages))
            .transpose()?;
        let documentation = elements(op)
            .find(|n| is(*n, WSDL_NS, "documentation"))
            .map(|d| d.text().unwrap_or("").trim().to_string());
        out.push(Operation {
            name: name.to_string(),
            soap_action,
            input,
            output,
            documentation,
        });
    }
    Ok(out)
}

/// The portType's input/output `io`, laid out by the binding operation's matching child.
fn bound_message(
    ctx: &FileCtx,
    tns: &str,
    io: Node,
    bop: Node,
    which: &str,
    messages: &Messages,
) -> Result<Message, ReadError> {
    let mq = ctx.local_ref(io, "message", tns, RefKind::Message)?;
    let def = lookup_message(ctx, io, mq, messages)?;
    let mut body_parts: Option<Vec<&str>> = None;
    let mut headers = Vec::new();
    if let Some(bio) = elements(bop).find(|n| is(*n, WSDL_NS, which)) {
        for ext in elements(bio) {
            let soap = ext.tag_name().namespace();
            if soap != Some(SOAP_NS) && soap != Some(SOAP12_NS) {
                continue;
            }
            match ext.tag_name().name() {
                "body" => {
                    check_use(ctx, ext)?;
                    body_parts = ext
                        .attribute("parts")
                        .map(|p| p.split_whitespace().collect());
                }
                "header" => {
                    check_use(ctx, ext)?;
                    let hq = ctx.local_ref(ext, "message", tns, RefKind::Message)?;
                    let hdef = lookup_message(ctx, ext, hq, messages)?;
                    let part = ctx.req(ext, "part")?;
                    let Some((_, element, _)) = hdef.parts.iter().find(|p| p.0 == part) else {
                        return Err(ctx.err(
                            ErrorKind::Dangling(RefKind::Part),
                            ext,
                            format!("message `{hq}` has no part `{part}`"),
                        ));
                    };
                    headers.push((
                        hq,
                        Part {
                            name: part.to_string(),
                            element: element.clone(),
                        },
                    ));
                }
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    for (pname, element, _) in &def.parts {
        let in_body = match &body_parts {
            Some(list) => list.contains(pname),
            // without `parts`, every part not bound as a header goes in the body
            None => !headers.iter().any(|(hq, h)| *hq == mq && h.name == *pname),
        };
        if in_body {
            body.push(Part {
                name: pname.to_string(),
                element: element.clone(),
            });
        }
    }
    if let Some(list) = &body_parts {
        if let Some(missing) = list.iter().find(|p| !def.parts.iter().any(|d| d.0 == **p)) {
            return Err(ctx.err(
                ErrorKind::Dangling(RefKind::Part),
                def.node,
                format!("soap:body names part `{missing}` that message `{mq}` lacks"),
            ));
        }
    }
    Ok(Message {
        name: mq.to_string(),
        body,
        headers: headers.into_iter().map(|(_, p)| p).collect(),
    })
}

fn lookup_message<'m, 'a, 'i>(
    ctx: &FileCtx,
    at: Node,
    q: &str,
    messages: &'m Messages<'a, 'i>,
) -> Result<&'m MessageDef<'a, 'i>, ReadError> {
    messages.get(q).ok_or_else(|| {
        let pos = at
            .attribute_node("message")
            .map_or(at.range().start, |a| a.range_value().start);
        ctx.err_at(
            ErrorKind::Dangling(RefKind::Message),
            pos,
            format!("message `{q}` is not defined"),
        )
    })
}

fn check_use(ctx: &FileCtx, node: Node) -> Result<(), ReadError> {
    match node.attribute_node("use") {
        Some(a) if a.value() != "literal" => Err(ctx.err_at(
            ErrorKind::Unsupported,
            a.range_value().start,
            format!("use `{}` (only literal is supported)", a.value()),
        )),
        _ => Ok(()),
    }
}
