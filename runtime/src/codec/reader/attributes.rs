//! The attributes of a start tag: namespace declarations, `xsi:nil` and `xsi:type`, within
//! the per-element limits.

use std::borrow::Cow;

use quick_xml::events::attributes::{Attribute, Attributes};
use quick_xml::XmlVersion;

use super::{XmlReader, XSI_NS};
use crate::codec::error::{DecodeError, DecodeErrorKind, NAME_EXCERPT};
use crate::codec::text::split_prefix;

impl<'a> XmlReader<'a> {
    /// Scans the attributes of `tag` (its name is `name_len` bytes) within the per-element
    /// limits: declares its namespaces and returns its `xsi:nil` and resolved `xsi:type`.
    #[inline(never)]
    #[allow(clippy::type_complexity)]
    pub(super) fn attributes(
        &mut self,
        tag: &'a str,
        name_len: usize,
    ) -> Result<(bool, Option<Box<(Cow<'a, str>, Cow<'a, str>)>>), DecodeError> {
        let mut candidates = std::mem::take(&mut self.xsi_candidates);
        let declared = self.declare_attributes(tag, name_len, &mut candidates);
        // Declarations anywhere in the tag apply to all its attributes: resolved after.
        let result = declared.and_then(|()| self.xsi_attributes(&candidates));
        candidates.clear();
        self.xsi_candidates = candidates;
        result
    }

    /// One pass over the attributes: counts them, declares namespaces, checks unused values,
    /// and collects the `p:nil` / `p:type` candidates.
    fn declare_attributes(
        &mut self,
        tag: &'a str,
        name_len: usize,
        candidates: &mut Vec<(&'a str, Attribute<'a>)>,
    ) -> Result<(), DecodeError> {
        let (max_attributes, max_declarations) = (
            self.limits.max_attributes,
            self.limits.max_namespace_declarations,
        );
        let (mut attributes, mut declarations) = (0usize, 0usize);
        for attr in Attributes::new(tag, name_len) {
            let attr = attr.map_err(|e| self.syntax(e.to_string()))?;
            attributes += 1;
            if attributes > max_attributes {
                return Err(self.err_here(DecodeErrorKind::AttributesExceeded {
                    limit: max_attributes,
                }));
            }
            let key = self.slice(attr.key.as_ref());
            let prefix = if key == "xmlns" {
                Some("")
            } else {
                key.strip_prefix("xmlns:")
            };
            if let Some(prefix) = prefix {
                declarations += 1;
                if declarations > max_declarations {
                    return Err(
                        self.err_here(DecodeErrorKind::NamespaceDeclarationsExceeded {
                            limit: max_declarations,
                        }),
                    );
                }
                let v = self.attr_value(&attr)?;
                self.scope.declare(prefix, v);
            } else if key.ends_with(":nil") || key.ends_with(":type") {
                candidates.push((key, attr));
            } else if attr.value.contains(&b'&') {
                // Unused values are still checked: only predefined entities are allowed.
                self.attr_value(&attr)?;
            }
        }
        Ok(())
    }

    /// `xsi:nil` and the resolved `xsi:type` among `candidates`.
    #[allow(clippy::type_complexity)]
    fn xsi_attributes(
        &self,
        candidates: &[(&'a str, Attribute<'a>)],
    ) -> Result<(bool, Option<Box<(Cow<'a, str>, Cow<'a, str>)>>), DecodeError> {
        let mut nil = false;
        let mut type_attr: Option<Cow<'a, str>> = None;
        for (key, attr) in candidates {
            let (prefix, local) = split_prefix(key);
            let xsi = !prefix.is_empty()
                && (local == "nil" || local == "type")
                && self.scope.get(prefix) == Some(XSI_NS);
            if !xsi {
                continue;
            }
            let v = self.attr_value(attr)?;
            if local == "nil" {
                nil = matches!(v.trim(), "true" | "1");
            } else {
                type_attr = Some(v);
            }
        }
        let xsi_type = match type_attr {
            None => None,
            Some(value) => Some(Box::new(self.resolve_qname_value(value)?)),
        };
        Ok((nil, xsi_type))
    }

    fn resolve_qname_value(
        &self,
        value: Cow<'a, str>,
    ) -> Result<(Cow<'a, str>, Cow<'a, str>), DecodeError> {
        let split = |s: &str| -> (usize, usize) {
            let t = s.trim();
            let lead = s.len() - s.trim_start().len();
            (lead, lead + t.len())
        };
        let (b, e) = split(&value);
        let (prefix, local) = match value {
            Cow::Borrowed(s) => {
                let s = &s[b..e];
                match s.split_once(':') {
                    Some((p, l)) => (p.to_owned(), Cow::Borrowed(l)),
                    None => (String::new(), Cow::Borrowed(s)),
                }
            }
            Cow::Owned(s) => {
                let s = &s[b..e];
                match s.split_once(':') {
                    Some((p, l)) => (p.to_owned(), Cow::Owned(l.to_owned())),
                    None => (String::new(), Cow::Owned(s.to_owned())),
                }
            }
        };
        let ns = match self.scope.lookup(&prefix) {
            Some(ns) => ns,
            None if prefix.is_empty() => Cow::Borrowed(""),
            None => return Err(self.unbound(&prefix)),
        };
        Ok((ns, local))
    }

    fn attr_value(
        &self,
        attr: &quick_xml::events::attributes::Attribute<'a>,
    ) -> Result<Cow<'a, str>, DecodeError> {
        attr.normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| match e {
                quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(
                    _,
                    name,
                )) => self.err_here(DecodeErrorKind::UnknownEntity(
                    self.quote(&name, NAME_EXCERPT),
                )),
                other => self.syntax(other.to_string()),
            })
    }
}
