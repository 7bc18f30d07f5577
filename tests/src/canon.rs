//! Canonical form of a SOAP body for comparison: prefixes resolved to
//! namespace URIs, namespace declarations and `xsi:type` dropped (the
//! documented examples tag every element; the wire needs it only where a
//! derived type stands in for its base, which none of the seeds has),
//! whitespace-only text dropped and text trimmed.

use std::fmt::Write as _;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The first element child of the envelope's `Body`, canonicalised, one
/// element per line (`{ns}Name attr=".." = "text"`), indented by depth.
pub fn body(envelope: &str) -> Result<String, String> {
    let doc = roxmltree::Document::parse(envelope).map_err(|e| e.to_string())?;
    let body = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "Body")
        .ok_or("no Body element")?;
    let mut out = String::new();
    for child in body.children().filter(|c| c.is_element()) {
        element(child, 0, &mut out);
    }
    Ok(out)
}

fn element(node: roxmltree::Node<'_, '_>, depth: usize, out: &mut String) {
    let name = node.tag_name();
    let _ = write!(
        out,
        "{:indent$}{{{}}}{}",
        "",
        name.namespace().unwrap_or(""),
        name.name(),
        indent = depth * 2
    );
    let mut attrs: Vec<String> = node
        .attributes()
        .filter(|a| !(a.namespace() == Some(XSI) && a.name() == "type"))
        .map(|a| {
            format!(
                " {{{}}}{}={:?}",
                a.namespace().unwrap_or(""),
                a.name(),
                a.value()
            )
        })
        .collect();
    attrs.sort();
    out.push_str(&attrs.concat());
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let has_children = node.children().any(|c| c.is_element());
    if !has_children {
        let _ = write!(out, " = {:?}", text.trim());
    }
    out.push('\n');
    for c in node.children().filter(|c| c.is_element()) {
        element(c, depth + 1, out);
    }
}
