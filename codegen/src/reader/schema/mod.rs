//! Embedded XML Schemas (`wsdl:types/xs:schema`) -> named types and elements.
//!
//! Every schema of one file is converted here; references between them are
//! by namespace URI and are checked once the whole file has been read.

use roxmltree::Node;

mod builtin;
mod complex;
mod simple;

pub use builtin::builtin;
use builtin::{is_ser_builtin, XS_UNSUPPORTED};

use super::error::{ErrorKind, ReadError, RefKind};
use super::xml::{display_name, elements, FileCtx, FxMap, FxSet};
use crate::model::{
    Builtin, ComplexType, Element, NamedType, QName, Source, TypeDef, TypeRef, SER_NS, XS_NS,
};

/// Anonymous types nested deeper than this are refused (WCF nests two levels).
const MAX_DEPTH: u32 = 32;

/// The schema content of one file.
#[derive(Debug, Default)]
pub struct Schemas {
    /// Named types in document order.
    pub types: Vec<(QName, NamedType)>,
    /// Top-level elements in document order, with where they were defined.
    pub elements: Vec<(QName, Element, Source)>,
}

struct SchemaInfo<'i> {
    tns: &'i str,
    qualified_elements: bool,
    qualified_attributes: bool,
}

/// Converts the schemas found under `wsdl:types` of one file.
pub struct SchemaReader<'c, 't, 'a, 'i> {
    ctx: &'c FileCtx<'t>,
    /// Top-level attributes of all schemas of the file, for `ref=`.
    attributes: FxMap<QName, (Node<'a, 'i>, &'i str)>,
    /// Named type references to check once every schema is read.
    refs: Vec<(QName, usize)>,
    out: Schemas,
}

impl<'c, 't, 'a, 'i: 'a> SchemaReader<'c, 't, 'a, 'i> {
    /// Reads every `xs:schema` among `schemas`.
    pub fn read(ctx: &'c FileCtx<'t>, schemas: &[Node<'a, 'i>]) -> Result<Schemas, ReadError> {
        let mut r = SchemaReader {
            ctx,
            attributes: FxMap::default(),
            refs: Vec::new(),
            out: Schemas::default(),
        };
        for s in schemas {
            let tns = s.attribute("targetNamespace").unwrap_or("");
            for a in elements(*s).filter(|n| is_xs(*n, "attribute")) {
                let name = ctx.req(a, "name")?;
                r.attributes.insert(QName::new(tns, name), (a, tns));
            }
        }
        for s in schemas {
            r.schema(*s)?;
        }
        r.check_refs()?;
        Ok(r.out)
    }

    fn schema(&mut self, s: Node<'a, 'i>) -> Result<(), ReadError> {
        let info = SchemaInfo {
            tns: s.attribute("targetNamespace").unwrap_or(""),
            qualified_elements: s.attribute("elementFormDefault") == Some("qualified"),
            qualified_attributes: s.attribute("attributeFormDefault") == Some("qualified"),
        };
        for child in elements(s) {
            if child.tag_name().namespace() != Some(XS_NS) {
                continue; // foreign extension elements carry nothing we need
            }
            match child.tag_name().name() {
                "annotation" | "import" | "attribute" => {}
                "element" => {
                    let name = QName::new(info.tns, self.ctx.req(child, "name")?);
                    let source = self.ctx.source(child);
                    let ty = self.element_type(child, &info, 0)?;
                    let nillable = self.ctx.bool_attr(child, "nillable")?;
                    let el = Element {
                        name: name.clone(),
                        ty,
                        nillable,
                    };
                    self.out.elements.push((name, el, source));
                }
                "complexType" | "simpleType" => {
                    let name = QName::new(info.tns, self.ctx.req(child, "name")?);
                    if is_ser_builtin(&name) {
                        continue;
                    }
                    let source = self.ctx.source(child);
                    let def = self.type_def(child, &info, Some(&name.name), 0)?;
                    self.out.types.push((name, NamedType { def, source }));
                }
                _ => return Err(self.unsupported(child, "in xs:schema")),
            }
        }
        Ok(())
    }

    /// An element's type: `type=`, an anonymous type, or anyType when neither.
    fn element_type(
        &mut self,
        el: Node<'a, 'i>,
        info: &SchemaInfo,
        depth: u32,
    ) -> Result<TypeRef, ReadError> {
        if el.has_attribute("ref") {
            return Err(self.unsupported_msg(el, "element references (`ref=`) are not supported"));
        }
        let inline = elements(el).find(|n| is_xs(*n, "complexType") || is_xs(*n, "simpleType"));
        match (self.ctx.qname_attr(el, "type")?, inline) {
            (Some(_), Some(anon)) => Err(self.ctx.err(
                ErrorKind::Invalid,
                anon,
                "element has both a `type` attribute and an anonymous type",
            )),
            (Some((q, pos)), None) => self.type_ref(q, pos),
            (None, Some(anon)) => {
                if depth >= MAX_DEPTH {
                    return Err(self.unsupported_msg(
                        anon,
                        format!("anonymous types nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let def = self.type_def(anon, info, None, depth + 1)?;
                Ok(TypeRef::Anonymous(Box::new(def)))
            }
            (None, None) => Ok(TypeRef::Builtin(Builtin::AnyType)),
        }
    }

    /// Resolves a type QName: a built-in, or a named type checked later.
    fn type_ref(&mut self, q: QName, pos: usize) -> Result<TypeRef, ReadError> {
        if let Some(b) = builtin(&q) {
            return Ok(TypeRef::Builtin(b));
        }
        if q.namespace == XS_NS {
            let (kind, what) = if XS_UNSUPPORTED.contains(&q.name.as_str()) {
                (ErrorKind::Unsupported, "is not supported")
            } else {
                (ErrorKind::Dangling(RefKind::Type), "does not exist")
            };
            return Err(self.ctx.err_at(
                kind,
                pos,
                format!("XML Schema built-in type `xs:{}` {what}", q.name),
            ));
        }
        self.refs.push((q.clone(), pos));
        Ok(TypeRef::Named(q))
    }

    fn type_def(
        &mut self,
        node: Node<'a, 'i>,
        info: &SchemaInfo,
        name: Option<&str>,
        depth: u32,
    ) -> Result<TypeDef, ReadError> {
        if node.tag_name().name() == "simpleType" {
            self.simple(node).map(TypeDef::Simple)
        } else {
            self.complex(node, info, name, depth).map(TypeDef::Complex)
        }
    }

    fn check_refs(&self) -> Result<(), ReadError> {
        let mut defined: FxMap<&QName, &TypeDef> = FxMap::default();
        for (q, t) in &self.out.types {
            defined.insert(q, &t.def);
        }
        let mut checked = FxSet::default();
        for (q, pos) in &self.refs {
            if checked.contains(q) {
                continue;
            }
            if !defined.contains_key(q) {
                return Err(self.ctx.err_at(
                    ErrorKind::Dangling(RefKind::Type),
                    *pos,
                    format!("type `{q}` is not defined in this file"),
                ));
            }
            checked.insert(q);
        }
        for (q, t) in &self.out.types {
            if let TypeDef::Complex(ComplexType { base: Some(b), .. }) = &t.def {
                if let Some(TypeDef::Simple(_)) = defined.get(b) {
                    return Err(ReadError::at(
                        ErrorKind::Unsupported,
                        t.source.clone(),
                        format!("complex type `{q}` extends simple type `{b}`"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn unsupported(&self, node: Node, context: &str) -> ReadError {
        self.unsupported_msg(
            node,
            format!("<{}> {context} is not supported", display_name(node)),
        )
    }

    fn unsupported_msg(&self, node: Node, msg: impl Into<String>) -> ReadError {
        self.ctx.err(ErrorKind::Unsupported, node, msg)
    }
}

pub(super) fn is_xs(node: Node, name: &str) -> bool {
    super::xml::is(node, XS_NS, name)
}

pub(super) fn is_xs_any(node: Node) -> bool {
    node.tag_name().namespace() == Some(XS_NS)
}

/// `xs:annotation/xs:appinfo/ser:NAME` under `node` (or `node` being the annotation).
pub(super) fn ser_annotation<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    let annotations: Vec<Node> = if is_xs(node, "annotation") {
        vec![node]
    } else {
        elements(node).filter(|n| is_xs(*n, "annotation")).collect()
    };
    annotations
        .into_iter()
        .flat_map(elements)
        .filter(|n| is_xs(*n, "appinfo"))
        .flat_map(elements)
        .find(|n| super::xml::is(*n, SER_NS, name))
}

pub(super) fn ser_flag(annotation: Node, name: &str) -> bool {
    ser_annotation(annotation, name).is_some_and(|n| n.text().map(str::trim) == Some("true"))
}
