//! `xs:complexType`: sequences, extension, attributes, arrays, dictionaries.

use roxmltree::Node;

use super::{is_xs, is_xs_any, ser_flag, SchemaInfo, SchemaReader};
use crate::model::{Attribute, Builtin, ComplexShape, ComplexType, Field, QName, TypeDef, TypeRef};
use crate::reader::error::{ErrorKind, ReadError, RefKind};
use crate::reader::xml::elements;

impl<'a, 'i: 'a> SchemaReader<'_, '_, 'a, 'i> {
    pub(super) fn complex(
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

    pub(super) fn complex_content(
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

    pub(super) fn sequence(
        &mut self,
        node: Node<'a, 'i>,
        info: &SchemaInfo,
        depth: u32,
    ) -> Result<Vec<Field>, ReadError> {
        let occurs_once = self.ctx.u32_attr(node, "minOccurs")?.unwrap_or(1) == 1
            && node.attribute("maxOccurs").is_none_or(|v| v.trim() == "1");
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

    pub(super) fn field(
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

    pub(super) fn attribute(
        &mut self,
        a: Node<'a, 'i>,
        info: &SchemaInfo,
    ) -> Result<Attribute, ReadError> {
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

    pub(super) fn attribute_type(&mut self, a: Node<'a, 'i>) -> Result<TypeRef, ReadError> {
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

    pub(super) fn dictionary(
        &self,
        node: Node,
        ty: &ComplexType,
    ) -> Result<ComplexShape, ReadError> {
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
}

/// `ArrayOfX`: named so, no base, no attributes, one repeated element.
fn is_array(name: Option<&str>, ty: &ComplexType) -> bool {
    name.is_some_and(|n| n.starts_with("ArrayOf"))
        && ty.base.is_none()
        && ty.attributes.is_empty()
        && matches!(ty.fields.as_slice(), [f] if f.max_occurs.is_none_or(|m| m > 1))
}
