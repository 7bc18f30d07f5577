//! Inlining a WSDL whose server split its metadata into one self-contained
//! document.
//!
//! WCF serves `Agent.svc?wsdl` as a shell that imports `?wsdl=wsdl0` (the
//! messages and portType) and `?xsd=xsd0..n` (the schemas). This module
//! follows `wsdl:import/@location` and `xs:import`/`xs:include/@schemaLocation`
//! and produces one document:
//!
//! - an imported WSDL's `types` schemas join the main `wsdl:types`, its other
//!   top-level elements follow `wsdl:types`; its `wsdl:import` disappears;
//! - an imported or included schema is placed after the schema that referenced
//!   it; `schemaLocation` attributes and `xs:include` elements are removed;
//! - a schema that held nothing but located imports (WCF's
//!   `http://tempuri.org/Imports` shell) is replaced by what it imported.
//!
//! The output is spliced from the fetched text, not re-serialised, so content
//! stays byte-identical; a moved element gains the namespace declarations it
//! relied on from its old ancestors. A document without such references is
//! returned unchanged.

use std::collections::HashSet;
use std::ops::Range;

use roxmltree::{Document, Node, ParsingOptions};

use super::http::Fetched;
use super::splice::{render, scope, splice, with_leading_space, Scope, StartTag};
use super::url::{redact, resolve};
use super::FetchError;

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const XS_NS: &str = crate::model::XS_NS;

/// How many documents one agent may pull in; a server that serves an
/// endless chain of imports is broken or hostile.
pub(super) const MAX_DOCUMENTS: usize = 256;

/// Fetches a document by URL (the second argument), named by the document
/// at the first; this is where the origin policy refuses references.
pub(super) type Get<'a> = dyn FnMut(&str, &str) -> Result<Fetched, FetchError> + 'a;

/// Inlines every referenced document of the WSDL `main`. Returns the
/// self-contained text and how many documents it was built from.
pub(super) fn inline(main: &Fetched, get: &mut Get<'_>) -> Result<(String, usize), FetchError> {
    let (url, text) = (main.url.as_str(), main.text.as_str());
    let doc = parse(url, text)?;
    let root = doc.root_element();
    expect(url, &doc, root, WSDL_NS, "definitions")?;
    if !root.descendants().any(|n| is_located_reference(&n)) {
        return Ok((text.to_owned(), 1));
    }
    let mut inliner = Inliner {
        get,
        visited: HashSet::from([url.to_owned()]),
        documents: 1,
    };
    let out = inliner.definitions(url, text, &doc)?;
    Ok((out, inliner.documents))
}

fn is_located_reference(n: &Node<'_, '_>) -> bool {
    (is(n, WSDL_NS, "import") && n.has_attribute("location"))
        || ((is(n, XS_NS, "import") || is(n, XS_NS, "include"))
            && n.has_attribute("schemaLocation"))
}

struct Inliner<'g, 'a> {
    get: &'g mut Get<'a>,
    /// URLs requested or redirected to: each document is inlined once.
    visited: HashSet<String>,
    documents: usize,
}

/// What an imported WSDL contributes.
#[derive(Default)]
struct Absorbed {
    schemas: Vec<String>,
    others: Vec<String>,
}

impl Inliner<'_, '_> {
    /// Fetches `url`, named by `referrer`, unless already seen (also as the
    /// target of a redirect); `None` when it was.
    fn fetch(&mut self, referrer: &str, url: &str) -> Result<Option<Fetched>, FetchError> {
        if !self.visited.insert(url.to_owned()) {
            return Ok(None);
        }
        if self.visited.len() > MAX_DOCUMENTS {
            return Err(FetchError::TooManyDocuments {
                url: redact(url),
                limit: MAX_DOCUMENTS,
            });
        }
        let fetched = (self.get)(referrer, url)?;
        if fetched.url != url && !self.visited.insert(fetched.url.clone()) {
            return Ok(None);
        }
        self.documents += 1;
        Ok(Some(fetched))
    }

    fn definitions(
        &mut self,
        url: &str,
        text: &str,
        doc: &Document<'_>,
    ) -> Result<String, FetchError> {
        let root = doc.root_element();
        let tns = root.attribute("targetNamespace").unwrap_or_default();
        let types = root.children().find(|n| is(n, WSDL_NS, "types"));
        let schema_scope = scope(types.unwrap_or(root));
        let root_scope = scope(root);
        let mut absorbed = Absorbed::default();
        let mut imports: Vec<Range<usize>> = Vec::new();
        for child in root.children().filter(|n| is(n, WSDL_NS, "import")) {
            if let Some(location) = child.attribute("location") {
                let target = resolve(url, location);
                self.absorb_wsdl(url, &target, tns, &schema_scope, &root_scope, &mut absorbed)?;
                imports.push(child.range());
            }
        }
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut schemas = Vec::new();
        if let Some(types) = types {
            for child in types.children().filter(Node::is_element) {
                if is(&child, XS_NS, "schema") {
                    schemas.extend(self.schema(url, text, child, &schema_scope)?);
                } else {
                    schemas.push(text[child.range()].to_owned());
                }
            }
        }
        schemas.append(&mut absorbed.schemas);
        let others = absorbed.others.concat();
        match types {
            Some(types) => {
                let tag = StartTag::scan(text, types.range().start);
                let open = text[tag.range.clone()]
                    .trim_end_matches('>')
                    .trim_end_matches('/');
                let close = format!("</{}>", &text[tag.range.start + 1..tag.name_end]);
                edits.push((
                    types.range(),
                    format!("{open}>{}{close}{others}", schemas.concat()),
                ));
                edits.extend(imports.into_iter().map(|r| (r, String::new())));
            }
            None => {
                let mut insert = String::new();
                if !schemas.is_empty() {
                    let tag = match root.lookup_prefix(WSDL_NS) {
                        Some(p) if !p.is_empty() => format!("{p}:types"),
                        _ => "types".to_owned(),
                    };
                    insert = format!("<{tag}>{}</{tag}>", schemas.concat());
                }
                insert.push_str(&others);
                let mut ranges = imports.into_iter();
                if let Some(first) = ranges.next() {
                    edits.push((first, insert));
                }
                edits.extend(ranges.map(|r| (r, String::new())));
            }
        }
        Ok(splice(text, 0..text.len(), edits))
    }

    fn absorb_wsdl(
        &mut self,
        referrer: &str,
        url: &str,
        tns: &str,
        schema_scope: &Scope,
        root_scope: &Scope,
        acc: &mut Absorbed,
    ) -> Result<(), FetchError> {
        let Some(Fetched { url, text }) = self.fetch(referrer, url)? else {
            return Ok(());
        };
        let url = url.as_str();
        let doc = parse(url, &text)?;
        let root = doc.root_element();
        expect(url, &doc, root, WSDL_NS, "definitions")?;
        let theirs = root.attribute("targetNamespace").unwrap_or_default();
        if theirs != tns {
            return Err(FetchError::Unsupported {
                url: redact(url),
                message: format!(
                    "imported WSDL has target namespace {theirs:?}, the importing one {tns:?}; \
                     definitions of two namespaces cannot be merged into one file"
                ),
            });
        }
        for child in root.children().filter(Node::is_element) {
            if is(&child, WSDL_NS, "import") {
                if let Some(location) = child.attribute("location") {
                    let target = resolve(url, location);
                    self.absorb_wsdl(url, &target, tns, schema_scope, root_scope, acc)?;
                }
            } else if is(&child, WSDL_NS, "types") {
                for schema in child.children().filter(|n| is(n, XS_NS, "schema")) {
                    acc.schemas
                        .extend(self.schema(url, &text, schema, schema_scope)?);
                }
            } else if !is(&child, WSDL_NS, "documentation") {
                acc.others
                    .push(render(&text, child, Vec::new(), root_scope));
            }
        }
        Ok(())
    }

    /// Renders one schema for placement under `scope`, followed by every
    /// schema it pulls in by location.
    fn schema(
        &mut self,
        url: &str,
        text: &str,
        node: Node<'_, '_>,
        scope: &Scope,
    ) -> Result<Vec<String>, FetchError> {
        let mut edits = Vec::new();
        let mut pulled = Vec::new();
        let mut located = 0;
        let mut only_imports = true;
        for child in node.children().filter(Node::is_element) {
            let include = is(&child, XS_NS, "include");
            if !include && !is(&child, XS_NS, "import") {
                only_imports = false;
                continue;
            }
            let Some(attr) = child
                .attributes()
                .find(|a| a.name() == "schemaLocation" && a.namespace().is_none())
            else {
                continue;
            };
            located += 1;
            if include {
                edits.push((child.range(), String::new()));
            } else {
                edits.push((with_leading_space(text, attr.range()), String::new()));
            }
            let target = resolve(url, attr.value());
            if let Some(Fetched { url: at, text }) = self.fetch(url, &target)? {
                let doc = parse(&at, &text)?;
                let root = doc.root_element();
                expect(&at, &doc, root, XS_NS, "schema")?;
                pulled.extend(self.schema(&at, &text, root, scope)?);
            }
        }
        let mut out = Vec::new();
        if !(only_imports && located > 0) {
            out.push(render(text, node, edits, scope));
        }
        out.append(&mut pulled);
        Ok(out)
    }
}

fn is(n: &Node<'_, '_>, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name
}

fn parse<'t>(url: &str, text: &'t str) -> Result<Document<'t>, FetchError> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        FetchError::Xml {
            url: redact(url),
            line: pos.row,
            column: pos.col,
            message: e.to_string(),
        }
    })
}

fn expect(
    url: &str,
    doc: &Document<'_>,
    node: Node<'_, '_>,
    ns: &str,
    name: &str,
) -> Result<(), FetchError> {
    if is(&node, ns, name) {
        return Ok(());
    }
    let pos = doc.text_pos_at(node.range().start);
    Err(FetchError::Xml {
        url: redact(url),
        line: pos.row,
        column: pos.col,
        message: format!(
            "expected {{{ns}}}{name}, found {{{}}}{}",
            node.tag_name().namespace().unwrap_or_default(),
            node.tag_name().name()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::{inline, FetchError, Fetched};

    /// Inlines `main` fetched from `http://h/A.svc?wsdl`, serving `docs` by URL.
    fn run(main: &str, docs: &[(&str, &str)]) -> Result<(String, usize), FetchError> {
        let mut get = |_: &str, url: &str| {
            docs.iter()
                .find(|(u, _)| *u == url)
                .map(|(u, t)| Fetched {
                    url: u.to_string(),
                    text: t.to_string(),
                })
                .ok_or_else(|| FetchError::Status {
                    url: url.to_owned(),
                    status: 404,
                })
        };
        let main = Fetched {
            url: "http://h/A.svc?wsdl".into(),
            text: main.into(),
        };
        inline(&main, &mut get)
    }

    /// The namespace URI a prefixed QName attribute resolves to in `text`.
    fn resolve_attr(text: &str, element: &str, attr: &str) -> Option<String> {
        let doc = roxmltree::Document::parse(text).expect("inlined output is well-formed");
        let node = doc.descendants().find(|n| n.tag_name().name() == element)?;
        let value = node.attribute(attr)?;
        let prefix = value.split_once(':').map(|(p, _)| p);
        node.lookup_namespace_uri(prefix).map(str::to_owned)
    }

    const W: &str =
        r#"xmlns:w="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema""#;

    #[test]
    fn documents_without_references_are_returned_unchanged() {
        let main = format!("<?xml version=\"1.0\"?>\n<w:definitions {W} targetNamespace=\"urn:a\">\n  <w:types/>\n</w:definitions>\n");
        assert_eq!(run(&main, &[]).unwrap(), (main.clone(), 1));
    }

    #[test]
    fn moved_elements_keep_the_prefixes_their_old_ancestors_declared() {
        let main = format!(
            r#"<w:definitions {W} targetNamespace="urn:a"><w:import namespace="urn:a" location="?wsdl=wsdl0"/></w:definitions>"#
        );
        // `c:` is declared only on the imported document's root.
        let wsdl0 = format!(
            r#"<w:definitions {W} xmlns:c="urn:a" targetNamespace="urn:a"><w:types><xs:schema targetNamespace="urn:a"><xs:element name="E" type="c:T"/></xs:schema></w:types><w:message name="M"><w:part name="p" element="c:E"/></w:message></w:definitions>"#
        );
        let (out, documents) = run(&main, &[("http://h/A.svc?wsdl=wsdl0", &wsdl0)]).unwrap();
        assert_eq!(documents, 2);
        assert!(!out.contains("w:import"), "{out}");
        assert_eq!(
            resolve_attr(&out, "part", "element").as_deref(),
            Some("urn:a"),
            "{out}"
        );
        assert_eq!(
            resolve_attr(&out, "element", "type").as_deref(),
            Some("urn:a"),
            "{out}"
        );
        // types precedes the message, as WSDL requires.
        assert!(
            out.find("<w:types>").unwrap() < out.find("<w:message").unwrap(),
            "{out}"
        );
    }

    #[test]
    fn included_and_imported_schemas_follow_their_referrer() {
        let main = format!(
            r#"<w:definitions {W} targetNamespace="urn:a"><w:types><xs:schema targetNamespace="urn:a"><xs:include schemaLocation="inc.xsd"/><xs:import namespace="urn:b" schemaLocation="http://other/b.xsd"/><xs:element name="E" type="xs:int"/></xs:schema></w:types></w:definitions>"#
        );
        let inc = r#"<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a"><xs:element name="I" type="xs:int"/></xs:schema>"#;
        let b = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b"><xs:element name="B" type="xs:int"/></xs:schema>"#;
        let (out, documents) = run(
            &main,
            &[("http://h/inc.xsd", inc), ("http://other/b.xsd", b)],
        )
        .unwrap();
        assert_eq!(documents, 3);
        assert!(
            !out.contains("schemaLocation") && !out.contains("xs:include"),
            "{out}"
        );
        assert!(out.contains(r#"<xs:import namespace="urn:b"/>"#), "{out}");
        let e = out.find(r#"name="E""#).unwrap();
        let i = out.find(r#"name="I""#).unwrap();
        let bb = out.find(r#"name="B""#).unwrap();
        assert!(
            e < i && i < bb,
            "in reference order after the referrer: {out}"
        );
        assert!(
            !out.contains("<?xml version=\"1.0\"?><xs:schema"),
            "prologs dropped: {out}"
        );
    }

    #[test]
    fn unqualified_content_stays_unqualified_under_a_default_namespace() {
        let main = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:a"><types><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="urn:a" schemaLocation="?xsd=xsd0"/></xs:schema></types></definitions>"#;
        let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a"><xs:annotation><xs:appinfo><Note/></xs:appinfo></xs:annotation></xs:schema>"#;
        let (out, _) = run(main, &[("http://h/A.svc?xsd=xsd0", xsd)]).unwrap();
        let doc = roxmltree::Document::parse(&out).unwrap();
        let note = doc
            .descendants()
            .find(|n| n.tag_name().name() == "Note")
            .unwrap();
        assert_eq!(note.tag_name().namespace().unwrap_or(""), "", "{out}");
        // The import-only shell schema is replaced by what it imported.
        assert_eq!(
            doc.descendants()
                .filter(|n| n.tag_name().name() == "schema")
                .count(),
            1
        );
    }

    #[test]
    fn failures_of_imported_documents_are_reported_with_their_url() {
        let main = format!(
            r#"<w:definitions {W} targetNamespace="urn:a"><w:types><xs:schema><xs:import namespace="urn:b" schemaLocation="?xsd=xsd9"/></xs:schema></w:types></w:definitions>"#
        );
        let err = run(&main, &[]).unwrap_err();
        assert_eq!(err.to_string(), "http://h/A.svc?xsd=xsd9: HTTP status 404");
        let err = run(&main, &[("http://h/A.svc?xsd=xsd9", "<html/>")]).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "http://h/A.svc?xsd=xsd9:1:1: expected {http://www.w3.org/2001/XMLSchema}schema"
            ),
            "{err}"
        );
    }
}
