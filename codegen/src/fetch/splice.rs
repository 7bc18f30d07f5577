//! Text surgery on a parsed document: moving an element elsewhere with the
//! namespace declarations it needs, and applying edits to byte ranges, so
//! that everything not edited stays byte for byte as the server sent it.

use std::ops::Range;

use roxmltree::Node;

/// Namespace declarations in scope at a place: (prefix, URI).
pub(super) type Scope = Vec<(Option<String>, String)>;

pub(super) fn scope(node: Node<'_, '_>) -> Scope {
    node.namespaces()
        .filter(|ns| ns.name() != Some("xml"))
        .map(|ns| (ns.name().map(str::to_owned), ns.uri().to_owned()))
        .collect()
}

/// The element's text with `edits` applied, declaring any namespace it
/// relied on that `dest` lacks, so it means the same when moved there.
pub(super) fn render(
    text: &str,
    node: Node<'_, '_>,
    mut edits: Vec<(Range<usize>, String)>,
    dest: &Scope,
) -> String {
    let tag = StartTag::scan(text, node.range().start);
    let own = tag.declared_prefixes(text);
    let mut decls = String::new();
    let mine = scope(node);
    for (prefix, uri) in &mine {
        if own.contains(prefix) || dest.iter().any(|(p, u)| p == prefix && u == uri) {
            continue;
        }
        match prefix {
            Some(p) => decls.push_str(&format!(" xmlns:{p}=\"{}\"", escape_attr(uri))),
            None => decls.push_str(&format!(" xmlns=\"{}\"", escape_attr(uri))),
        }
    }
    let had_default = mine.iter().any(|(p, _)| p.is_none());
    if !had_default && !own.contains(&None) && dest.iter().any(|(p, _)| p.is_none()) {
        decls.push_str(" xmlns=\"\"");
    }
    if !decls.is_empty() {
        edits.push((tag.name_end..tag.name_end, decls));
    }
    splice(text, node.range(), edits)
}

/// `range` of `text` with each edit's range replaced; edits must not overlap.
pub(super) fn splice(
    text: &str,
    range: Range<usize>,
    mut edits: Vec<(Range<usize>, String)>,
) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(range.len());
    let mut at = range.start;
    for (r, replacement) in edits {
        out.push_str(&text[at..r.start]);
        out.push_str(&replacement);
        at = r.end;
    }
    out.push_str(&text[at..range.end]);
    out
}

/// An attribute's range widened to the whitespace before it.
pub(super) fn with_leading_space(text: &str, r: Range<usize>) -> Range<usize> {
    let start = text[..r.start]
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .len();
    start..r.end
}

/// The extent of an element's start tag, found by scanning the text (the
/// tree does not keep namespace declarations as attributes).
pub(super) struct StartTag {
    /// From `<` to `>` inclusive.
    pub range: Range<usize>,
    /// Where the element's qualified name ends.
    pub name_end: usize,
}

impl StartTag {
    pub fn scan(text: &str, start: usize) -> StartTag {
        let bytes = text.as_bytes();
        let mut i = start + 1;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
            i += 1;
        }
        let name_end = i;
        let mut quote = None;
        while i < bytes.len() {
            match (quote, bytes[i]) {
                (None, b'"' | b'\'') => quote = Some(bytes[i]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        StartTag {
            range: start..(i + 1).min(text.len()),
            name_end,
        }
    }

    /// Prefixes declared on this tag itself (`None` for `xmlns=`).
    fn declared_prefixes(&self, text: &str) -> Vec<Option<String>> {
        let tag = &text[self.name_end..self.range.end];
        let bytes = tag.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() || matches!(bytes[i], b'/' | b'>') {
                return out;
            }
            let name_start = i;
            while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let name = &tag[name_start..i];
            while i < bytes.len() && !matches!(bytes[i], b'"' | b'\'') {
                i += 1;
            }
            let Some(&quote) = bytes.get(i) else {
                return out;
            };
            i += 1;
            while i < bytes.len() && bytes[i] != quote {
                i += 1;
            }
            i += 1;
            if name == "xmlns" {
                out.push(None);
            } else if let Some(prefix) = name.strip_prefix("xmlns:") {
                out.push(Some(prefix.to_owned()));
            }
        }
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}
