//! Embedded XML Schemas (`wsdl:types/xs:schema`) -> named types and elements.
//!
//! Every schema of one file is converted here; references between them are
//! by namespace URI and are checked once the whole file has been read.

use roxmltree::Node;

use super::error::{ErrorKind, ReadError, RefKind};
use super::xml::{display_name, elements, FileCtx, FxMap, FxSet};
use crate::model::{
    Attribute, Builtin, ComplexShape, ComplexType, Element, EnumValue, Field, NamedType, QName,
    SimpleType, Source, TypeDef, TypeRef, SER_NS, XS_NS,
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

/// Maps an XML Schema or Serialization built-in to a [`Builtin`].
///
/// `None` for a name of those namespaces the reader does not support.
/// The string-derived XML Schema types (`token`, `ID`, ...) read as strings.
pub fn builtin(q: &QName) -> Option<Builtin> {
    let n = q.name.as_str();
    if q.namespace == SER_NS {
        return match n {
            "guid" => Some(Builtin::Guid),
            "char" => Some(Builtin::Char),
            "duration" => Some(Builtin::Duration),
            _ => None,
        };
    }
    if q.namespace != XS_NS {
        return None;
    }
    Some(match n {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "NMTOKEN"
        | "ID" | "IDREF" | "ENTITY" => Builtin::String,
        "boolean" => Builtin::Boolean,
        "byte" => Builtin::Byte,
        "short" => Builtin::Short,
        "int" => Builtin::Int,
        "long" => Builtin::Long,
        "unsignedByte" => Builtin::UnsignedByte,
        "unsignedShort" => Builtin::UnsignedShort,
        "unsignedInt" => Builtin::UnsignedInt,
        "unsignedLong" => Builtin::UnsignedLong,
        "float" => Builtin::Float,
        "double" => Builtin::Double,
        "decimal" => Builtin::Decimal,
        "dateTime" => Builtin::DateTime,
        "duration" => Builtin::Duration,
        "base64Binary" => Builtin::Base64Binary,
        "anyURI" => Builtin::AnyUri,
        "QName" => Builtin::QName,
        "anyType" => Builtin::AnyType,
        _ => return None,
    })
}

/// Whether `q` is one of the Serialization namespace's simple types that the
/// model treats as built-ins (their definitions are not kept as named types).
fn is_ser_builtin(q: &QName) -> bool {
    q.namespace == SER_NS && builtin(q).is_some()
}

/// XML Schema built-ins that exist but that the reader does not map.
const XS_UNSUPPORTED: &[&str] = &[
    "anySimpleType",
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "date",
    "time",
    "gYear",
    "gYearMonth",
    "gMonth",
    "gMonthDay",
    "gDay",
    "hexBinary",
    "NOTATION",
    "IDREFS",
    "ENTITIES",
    "NMTOKENS",
];

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
            let kind = if XS_UNSUPPORTED.contains(&q.name.as_str()) {
                ErrorKind::Unsupported
            } else {
                ErrorKind::Dangling(RefKind::Type)
            };
            return Err(self.ctx.err_at(
                kind,
                pos,
                format!("XML Schema built-in type `xs:{}` is not supported", q.name),
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

    fn complex(
        &mut self,
        node: Node<'a, 'i>,
        info: &SchemaInfo,
        name: Option<&str>,
        depth: u32,
    ) -> Result<ComplexType, ReadError> {
        if self.ctx.bool_attr(node, "mixed")? {
            return Err(self.unsupported_msg(node, "mixed content is not supported"));
        }
        let mut ty = ComplexType {
            is_abstract: self.ctx.bool_attr(node, "abstract")?,
            ..ComplexType::default()
        };
        let mut is_dictionary = false;
        let mut seen_content = false;
        for child in elements(node) {
            if !is_xs_any(child) {
                continue;
            }
            match child.tag_name().name() {
                "annotation" => is_dictionary |= ser_flag(child, "IsDictionary"),
                "sequence" | "complexContent" if seen_content => {
                    return Err(self.ctx.err(
                        ErrorKind::Invalid,
                        child,
                        "a complexType has at most one content model",
                    ))
                }
                "sequence" => {
                    seen_content = true;
                    ty.fields = self.sequence(child, info, depth)?;
                }
                "complexContent" => {
                    seen_content = true;
                    self.complex_content(child, info, depth, &mut ty)?;
                }
                "attribute" => {
                    let a = self.attribute(child, info)?;
                    ty.attributes.push(a);
                }
                _ => return Err(self.unsupported(child, "in xs:complexType")),
            }
        }
        ty.shape = if is_dictionary {
            self.dictionary(node, &ty)?
        } else if is_array(name, &ty) {
            ComplexShape::Array
        } else {
            ComplexShape::Record
        };
        Ok(ty)
    }

    fn complex_content(
        &mut self,
        node: Node<'a, 'i>,
        info: &SchemaInfo,
        depth: u32,
        ty: &mut ComplexType,
    ) -> Result<(), ReadError> {
        if self.ctx.bool_attr(node, "mixed")? {
            return Err(self.unsupported_msg(node, "mixed content is not supported"));
        }
        let mut derivation = None;
        for child in elements(node) {
            match child.tag_name().name() {
                "annotation" if is_xs(child, "annotation") => {}
                "extension" if is_xs(child, "extension") && derivation.is_none() => {
                    derivation = Some(child)
                }
                _ => return Err(self.unsupported(child, "in xs:complexContent")),
            }
        }
        let Some(ext) = derivation else {
            return Err(self.ctx.err(
                ErrorKind::Invalid,
                node,
                "xs:complexContent without xs:extension",
            ));
        };
        let (base, pos) = self.ctx.req_qname(ext, "base")?;
        match self.type_ref(base, pos)? {
            TypeRef::Named(q) => ty.base = Some(q),
            TypeRef::Builtin(Builtin::AnyType) => {}
            _ => {
                return Err(self.ctx.err_at(
                    ErrorKind::Unsupported,
                    pos,
                    "complexContent extension of a simple built-in type",
                ))
            }
        }
        for child in elements(ext) {
            if !is_xs_any(child) {
                continue;
            }
            match child.tag_name().name() {
                "annotation" => {}
                "sequence" if ty.fields.is_empty() => {
                    ty.fields = self.sequence(child, info, depth)?;
                }
                "attribute" => {
                    let a = self.attribute(child, info)?;
                    ty.attributes.push(a);
                }
                _ => return Err(self.unsupported(child, "in xs:extension")),
            }
        }
        Ok(())
    }

    fn sequence(
        &mut self,
        node: Node<'a, 'i>,
        info: &SchemaInfo,
        depth: u32,
    ) -> Result<Vec<Field>, ReadError> {
        let occurs_once = self.ctx.u32_attr(node, "minOccurs")?.unwrap_or(1) == 1
            && node
                .attribute("maxOccurs")
                .map_or(true, |v| v.trim() == "1");
        if !occurs_once {
            return Err(self.unsupported_msg(node, "a repeated or optional xs:sequence"));
        }
        let mut fields = Vec::new();
        for child in elements(node) {
            if !is_xs_any(child) {
                continue;
            }
            match child.tag_name().name() {
                "annotation" => {}
                "element" => fields.push(self.field(child, info, depth)?),
                _ => return Err(self.unsupported(child, "in xs:sequence")),
            }
        }
        Ok(fields)
    }

    fn field(
        &mut self,
        el: Node<'a, 'i>,
        info: &SchemaInfo,
        depth: u32,
    ) -> Result<Field, ReadError> {
        let ty = self.element_type(el, info, depth)?;
        let name = self.ctx.req(el, "name")?;
        let qualified = match el.attribute("form") {
            Some(f) => f == "qualified",
            None => info.qualified_elements,
        };
        let min_occurs = self.ctx.u32_attr(el, "minOccurs")?.unwrap_or(1);
        let max_occurs = match el.attribute("maxOccurs").map(str::trim) {
            Some("unbounded") => None,
            Some(_) => self.ctx.u32_attr(el, "maxOccurs")?,
            None => Some(1),
        };
        if max_occurs.is_some_and(|m| m < min_occurs) {
            return Err(self.ctx.err(
                ErrorKind::Invalid,
                el,
                format!("maxOccurs is less than minOccurs ({min_occurs}) on element `{name}`"),
            ));
        }
        Ok(Field {
            name: name.to_string(),
            namespace: if qualified { info.tns } else { "" }.to_string(),
            ty,
            min_occurs,
            max_occurs,
            nillable: self.ctx.bool_attr(el, "nillable")?,
        })
    }

    fn attribute(&mut self, a: Node<'a, 'i>, info: &SchemaInfo) -> Result<Attribute, ReadError> {
        let required = a.attribute("use") == Some("required");
        if let Some((q, pos)) = self.ctx.qname_attr(a, "ref")? {
            let Some(&(target, tns)) = self.attributes.get(&q) else {
                return Err(self.ctx.err_at(
                    ErrorKind::Dangling(RefKind::Attribute),
                    pos,
                    format!("attribute `{q}` is not defined"),
                ));
            };
            let ty = self.attribute_type(target)?;
            return Ok(Attribute {
                name: QName::new(tns, q.name),
                ty,
                required,
            });
        }
        let name = self.ctx.req(a, "name")?;
        let qualified = match a.attribute("form") {
            Some(f) => f == "qualified",
            None => info.qualified_attributes,
        };
        Ok(Attribute {
            name: QName::new(if qualified { info.tns } else { "" }, name),
            ty: self.attribute_type(a)?,
            required,
        })
    }

    fn attribute_type(&mut self, a: Node<'a, 'i>) -> Result<TypeRef, ReadError> {
        if let Some(st) = elements(a).find(|n| is_xs(*n, "simpleType")) {
            return Ok(TypeRef::Anonymous(Box::new(TypeDef::Simple(
                self.simple(st)?,
            ))));
        }
        match self.ctx.qname_attr(a, "type")? {
            Some((q, pos)) => self.type_ref(q, pos),
            None => Ok(TypeRef::Builtin(Builtin::String)),
        }
    }

    fn simple(&mut self, node: Node<'a, 'i>) -> Result<SimpleType, ReadError> {
        for child in elements(node) {
            if !is_xs_any(child) {
                continue;
            }
            match child.tag_name().name() {
                "annotation" => {}
                "restriction" => return self.restriction(child),
                "list" => return self.list(child),
                _ => return Err(self.unsupported(child, "in xs:simpleType")),
            }
        }
        Err(self.ctx.err(
            ErrorKind::Invalid,
            node,
            "xs:simpleType without xs:restriction or xs:list",
        ))
    }

    fn restriction(&mut self, node: Node<'a, 'i>) -> Result<SimpleType, ReadError> {
        let Some((q, pos)) = self.ctx.qname_attr(node, "base")? else {
            return Err(self.unsupported_msg(node, "xs:restriction without a `base` attribute"));
        };
        let base =
            match self.type_ref(q, pos)? {
                TypeRef::Builtin(b) => b,
                _ => return Err(self.ctx.err_at(
                    ErrorKind::Unsupported,
                    pos,
                    "a simple type restricting a named type (only built-in bases are supported)",
                )),
            };
        let mut values = Vec::new();
        for child in elements(node) {
            if is_xs(child, "enumeration") {
                values.push(self.enum_value(child)?);
            } else if is_xs(child, "simpleType") {
                return Err(self.unsupported(child, "in xs:restriction"));
            }
            // other facets (pattern, length, bounds) do not change the Rust type
        }
        Ok(if values.is_empty() {
            SimpleType::Restriction { base }
        } else {
            SimpleType::Enumeration { base, values }
        })
    }

    fn enum_value(&mut self, node: Node<'a, 'i>) -> Result<EnumValue, ReadError> {
        let name = self.ctx.req(node, "value")?.to_string();
        let mut value = None;
        if let Some(v) = ser_annotation(node, "EnumerationValue") {
            let text = v.text().unwrap_or("").trim();
            value = Some(text.parse::<i64>().map_err(|_| {
                self.ctx.err(
                    ErrorKind::Invalid,
                    v,
                    format!("EnumerationValue `{text}` of `{name}` is not an integer"),
                )
            })?);
        }
        Ok(EnumValue { name, value })
    }

    fn list(&mut self, node: Node<'a, 'i>) -> Result<SimpleType, ReadError> {
        if node.has_attribute("itemType") {
            return Err(self.unsupported_msg(
                node,
                "xs:list with `itemType` (only a list of an inline enumeration is supported)",
            ));
        }
        let Some(item) = elements(node).find(|n| is_xs(*n, "simpleType")) else {
            return Err(self
                .ctx
                .err(ErrorKind::Invalid, node, "xs:list without an item type"));
        };
        match self.simple(item)? {
            SimpleType::Enumeration { values, .. } => Ok(SimpleType::FlagList { values }),
            _ => Err(self.unsupported_msg(
                item,
                "xs:list of a non-enumeration (only flag sets are supported)",
            )),
        }
    }

    fn dictionary(&self, node: Node, ty: &ComplexType) -> Result<ComplexShape, ReadError> {
        let bad = || {
            self.ctx.err(
                ErrorKind::Invalid,
                node,
                "type marked IsDictionary: expected one repeated element holding `Key` and `Value`",
            )
        };
        let [entry] = ty.fields.as_slice() else {
            return Err(bad());
        };
        let TypeRef::Anonymous(def) = &entry.ty else {
            return Err(bad());
        };
        let TypeDef::Complex(pair) = def.as_ref() else {
            return Err(bad());
        };
        match pair.fields.as_slice() {
            [k, v] if k.name == "Key" && v.name == "Value" => Ok(ComplexShape::Dictionary {
                entry: entry.name.clone(),
                key: Box::new(k.clone()),
                value: Box::new(v.clone()),
            }),
            _ => Err(bad()),
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

fn is_xs(node: Node, name: &str) -> bool {
    super::xml::is(node, XS_NS, name)
}

fn is_xs_any(node: Node) -> bool {
    node.tag_name().namespace() == Some(XS_NS)
}

/// `xs:annotation/xs:appinfo/ser:NAME` under `node` (or `node` being the annotation).
fn ser_annotation<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
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

fn ser_flag(annotation: Node, name: &str) -> bool {
    ser_annotation(annotation, name).is_some_and(|n| n.text().map(str::trim) == Some("true"))
}

/// `ArrayOfX`: named so, no base, no attributes, one repeated element.
fn is_array(name: Option<&str>, ty: &ComplexType) -> bool {
    name.is_some_and(|n| n.starts_with("ArrayOf"))
        && ty.base.is_none()
        && ty.attributes.is_empty()
        && matches!(ty.fields.as_slice(), [f] if f.max_occurs.map_or(true, |m| m > 1))
}
