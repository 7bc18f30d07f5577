//! `xs:simpleType`: enumerations, flag lists, other restrictions.

use roxmltree::Node;

use super::{is_xs, is_xs_any, ser_annotation, SchemaReader};
use crate::model::{EnumValue, SimpleType, TypeRef};
use crate::reader::error::{ErrorKind, ReadError};
use crate::reader::xml::elements;

impl<'a, 'i: 'a> SchemaReader<'_, '_, 'a, 'i> {
    pub(super) fn simple(&mut self, node: Node<'a, 'i>) -> Result<SimpleType, ReadError> {
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

    pub(super) fn restriction(&mut self, node: Node<'a, 'i>) -> Result<SimpleType, ReadError> {
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

    pub(super) fn enum_value(&mut self, node: Node<'a, 'i>) -> Result<EnumValue, ReadError> {
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

    pub(super) fn list(&mut self, node: Node<'a, 'i>) -> Result<SimpleType, ReadError> {
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
}
