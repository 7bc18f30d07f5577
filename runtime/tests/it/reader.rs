//! The reader on hand-written records: namespaces, schema order, unknown elements, nil,
//! polymorphism, lists, dictionaries, and hostile input.

use sogen_runtime::{
    decode_list, decode_map, encode_list, encode_map, Decode, DecodeError, DecodeErrorKind,
    ElementStart, Encode, Limits, XmlReader, XmlWriter,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const ARR: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// What generated code looks like for a base type with one derived type.
#[derive(Debug, Clone, PartialEq, Default)]
struct Step {
    name: String,
    rank: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
enum AnyStep {
    Step(Step),
    Delay(Step, i32),
}

impl Encode for Step {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.open(ns, name);
        self.fields(w);
        w.close(ns, name);
    }
}

impl Step {
    fn fields(&self, w: &mut XmlWriter) {
        self.name.encode(w, NS, "Name");
        if let Some(rank) = self.rank {
            rank.encode(w, NS, "Rank");
        }
    }

    fn field(&mut self, r: &mut XmlReader<'_>, c: &ElementStart<'_>) -> Result<bool, DecodeError> {
        match c.local_name() {
            "Name" => self.name = String::decode(r, c)?,
            "Rank" => self.rank = Option::decode(r, c)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Decode for Step {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut s = Step::default();
        while let Some(c) = r.next_child()? {
            if !s.field(r, &c)? {
                r.skip()?;
            }
        }
        Ok(s)
    }
}

impl Encode for AnyStep {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        match self {
            AnyStep::Step(s) => s.encode(w, ns, name),
            AnyStep::Delay(s, secs) => {
                w.open_typed(ns, name, NS, "DelayStep");
                s.fields(w);
                secs.encode(w, NS, "Seconds");
                w.close(ns, name);
            }
        }
    }
}

impl Decode for AnyStep {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        match start.xsi_type() {
            Some((NS, "DelayStep")) => {
                let (mut s, mut secs) = (Step::default(), 0);
                while let Some(c) = r.next_child()? {
                    if c.local_name() == "Seconds" {
                        secs = i32::decode(r, &c)?;
                    } else if !s.field(r, &c)? {
                        r.skip()?;
                    }
                }
                Ok(AnyStep::Delay(s, secs))
            }
            None | Some((NS, "Step")) => Step::decode(r, start).map(AnyStep::Step),
            Some(_) => Err(r.error(start, "a Step or DelayStep")),
        }
    }
}

fn reader(xml: &str) -> XmlReader<'_> {
    XmlReader::new(xml.as_bytes(), Limits::default()).unwrap()
}

fn decode_root<T: Decode>(xml: &str, limits: Limits) -> Result<T, DecodeError> {
    let mut r = XmlReader::new(xml.as_bytes(), limits)?;
    let root = r.next_child()?.expect("a root element");
    T::decode(&mut r, &root)
}

#[test]
fn prefixes_resolve_to_the_same_namespace() {
    let xml = format!(
        r#"<a:Step xmlns:a="{NS}"><a:Name>x</a:Name></a:Step>
           <!-- second document style, default namespace -->"#
    );
    let mut r = reader(&xml);
    let start = r.next_child().unwrap().unwrap();
    assert_eq!((start.namespace(), start.local_name()), (NS, "Step"));
    let s = Step::decode(&mut r, &start).unwrap();
    assert_eq!(s.name, "x");
    let xml = format!(r#"<Step xmlns="{NS}"><Name xmlns="urn:other">y</Name></Step>"#);
    let mut r = reader(&xml);
    let start = r.next_child().unwrap().unwrap();
    assert!(start.is(NS, "Step"));
    let name = r.next_child().unwrap().unwrap();
    assert_eq!(name.namespace(), "urn:other");
}

#[test]
fn unknown_elements_are_skipped_wherever_they_are() {
    let xml = format!(
        r#"<Step xmlns="{NS}"><New1><Deep><Deeper a="1"/>text</Deep></New1><Name>n</Name><New2/><Rank>3</Rank><New3>x</New3></Step>"#
    );
    let s: Step = decode_root(&xml, Limits::default()).unwrap();
    assert_eq!(
        s,
        Step {
            name: "n".into(),
            rank: Some(3)
        }
    );
}

#[test]
fn nil_and_redundant_types() {
    let xml = format!(
        r#"<Step xmlns="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="http://www.w3.org/2001/XMLSchema"><Name i:type="x:string">n</Name><Rank i:nil="true"/></Step>"#
    );
    let s: Step = decode_root(&xml, Limits::default()).unwrap();
    assert_eq!(
        s,
        Step {
            name: "n".into(),
            rank: None
        }
    );
}

#[test]
fn polymorphic_values_dispatch_on_xsi_type() {
    let steps = vec![
        AnyStep::Step(Step {
            name: "a".into(),
            rank: Some(1),
        }),
        AnyStep::Delay(
            Step {
                name: "b".into(),
                rank: None,
            },
            30,
        ),
    ];
    let mut w = XmlWriter::new();
    encode_list(&mut w, NS, "Steps", NS, "WorkflowStepBase", &steps);
    let xml = String::from_utf8(w.into_bytes()).unwrap();
    assert!(xml.contains(r#"xsi:type="t:DelayStep""#), "{xml}");
    let mut r = reader(&xml);
    let start = r.next_child().unwrap().unwrap();
    assert_eq!(decode_list::<AnyStep>(&mut r, &start).unwrap(), steps);
    // Another prefix, declared on an ancestor, resolves the same way.
    let xml = format!(
        r#"<L xmlns="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:b="{NS}"><S i:type="b:DelayStep"><Name>z</Name><Seconds>5</Seconds></S><S i:type="b:Unknown"/></L>"#
    );
    let mut r = reader(&xml);
    let start = r.next_child().unwrap().unwrap();
    let err = decode_list::<AnyStep>(&mut r, &start).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::Unexpected { expected, .. } if expected == "a Step or DelayStep")
    );
    assert_eq!(err.path(), "L/S");
}

#[test]
fn lists_and_dictionaries() {
    let mut w = XmlWriter::new();
    encode_list(&mut w, NS, "Ids", ARR, "int", &[i32::MIN, 0, i32::MAX]);
    let xml = String::from_utf8(w.into_bytes()).unwrap();
    let mut r = reader(&xml);
    let start = r.next_child().unwrap().unwrap();
    assert_eq!(
        decode_list::<i32>(&mut r, &start).unwrap(),
        vec![i32::MIN, 0, i32::MAX]
    );

    let empty: Vec<String> = decode_root(&format!(r#"<Ids xmlns="{NS}"/>"#), Limits::default())
        .map(|v: Wrapper<String>| v.0)
        .unwrap();
    assert!(empty.is_empty());

    let pairs = vec![
        ("a".to_owned(), Some("1".to_owned())),
        ("b & c".to_owned(), None),
    ];
    let mut w = XmlWriter::new();
    encode_map(&mut w, NS, "Extra", NS, "StringKeyValuePair", &pairs);
    let xml = String::from_utf8(w.into_bytes()).unwrap();
    let mut r = reader(&xml);
    let start = r.next_child().unwrap().unwrap();
    assert_eq!(
        decode_map::<String, Option<String>>(&mut r, &start)
            .unwrap()
            .0,
        pairs
    );

    let missing = format!(r#"<M xmlns="{NS}"><P><Key>k</Key></P></M>"#);
    let mut r = reader(&missing);
    let start = r.next_child().unwrap().unwrap();
    let err = decode_map::<String, String>(&mut r, &start).unwrap_err();
    assert_eq!(err.path(), "M/P");
}

struct Wrapper<T>(Vec<T>);

impl<T: Decode> Decode for Wrapper<T> {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        decode_list(r, start).map(Wrapper)
    }
}

fn kind_of(xml: &[u8], limits: Limits) -> DecodeErrorKind {
    let result = XmlReader::new(xml, limits).and_then(|mut r| {
        let root = r.next_child()?.expect("a root element");
        Step::decode(&mut r, &root)?;
        while r.next_child()?.is_some() {
            r.skip()?;
        }
        Ok(())
    });
    let err = result.err();
    err.unwrap_or_else(|| panic!("must fail: {}", String::from_utf8_lossy(xml)))
        .kind()
        .clone()
}

#[test]
fn hostile_input_gives_typed_errors() {
    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Step><Name>&lol2;</Name></Step>"#;
    assert_eq!(kind_of(laughs, Limits::default()), DecodeErrorKind::DocType);
    let external = br#"<!DOCTYPE x SYSTEM "file:///etc/passwd"><Step/>"#;
    assert_eq!(
        kind_of(external, Limits::default()),
        DecodeErrorKind::DocType
    );
    assert_eq!(
        kind_of(b"<Step><Name>&xxe;</Name></Step>", Limits::default()),
        DecodeErrorKind::UnknownEntity("xxe".into())
    );
    assert_eq!(
        kind_of(b"<Step a=\"&foo;\"/>", Limits::default()),
        DecodeErrorKind::UnknownEntity("foo".into())
    );
    assert_eq!(
        kind_of(b"<Step><Name>\xff\xfe</Name></Step>", Limits::default()),
        DecodeErrorKind::InvalidUtf8
    );
    assert_eq!(
        kind_of(b"<Step><Name>abc</Na", Limits::default()),
        DecodeErrorKind::UnexpectedEof
    );
    assert_eq!(
        kind_of(b"<Step><Name>abc</Name>", Limits::default()),
        DecodeErrorKind::UnexpectedEof
    );
    assert!(matches!(
        kind_of(b"<Step><Name>abc</Rank></Step>", Limits::default()),
        DecodeErrorKind::Syntax(_)
    ));
    assert!(
        matches!(kind_of(b"<Step><p:Name>abc</p:Name></Step>", Limits::default()), DecodeErrorKind::UnboundPrefix(p) if p == "p")
    );
    assert!(matches!(
        kind_of(b"<Step a='1' a='2'/>", Limits::default()),
        DecodeErrorKind::Syntax(_)
    ));
    let deep = format!("<Step>{}{}</Step>", "<X>".repeat(200), "</X>".repeat(200));
    assert_eq!(
        kind_of(deep.as_bytes(), Limits::default()),
        DecodeErrorKind::DepthExceeded { limit: 128 }
    );
    let small = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert_eq!(
        kind_of(b"<Step><A><B><C/></B></A></Step>", small),
        DecodeErrorKind::DepthExceeded { limit: 3 }
    );
    assert!(
        decode_root::<Step>("<Step><A><B/></A></Step>", small).is_ok(),
        "depth 3 is within the limit"
    );
    let tiny = Limits {
        max_response_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        kind_of(b"<Step><Name>0123456789</Name></Step>", tiny),
        DecodeErrorKind::SizeExceeded {
            limit: 10,
            size: 36
        }
    );
}

/// `n` attributes, `decls` of them namespace declarations, on the root.
fn tag_with(n: usize, decls: usize) -> String {
    let mut tag = String::from("<Step");
    for i in 0..n {
        if i < decls {
            tag.push_str(&format!(" xmlns:p{i}='urn:{i}'"));
        } else {
            tag.push_str(&format!(" a{i}='1'"));
        }
    }
    tag.push_str("/>");
    tag
}

#[test]
fn attributes_and_declarations_per_element_are_limited() {
    let limits = Limits::default();
    assert_eq!(
        (limits.max_attributes, limits.max_namespace_declarations),
        (64, 32)
    );
    assert!(decode_root::<Step>(&tag_with(64, 32), limits).is_ok());
    assert_eq!(
        kind_of(tag_with(65, 0).as_bytes(), limits),
        DecodeErrorKind::AttributesExceeded { limit: 64 }
    );
    assert_eq!(
        kind_of(tag_with(40, 33).as_bytes(), limits),
        DecodeErrorKind::NamespaceDeclarationsExceeded { limit: 32 }
    );
    // Per element: the same declarations on each of many nested elements are fine.
    let nested = format!(
        "{}{}",
        tag_with(32, 32).replace("/>", ">").repeat(100),
        "</Step>".repeat(100)
    );
    let mut r = reader(&nested);
    let root = r.next_child().unwrap().unwrap();
    assert!(Step::decode(&mut r, &root).is_ok());
}

#[test]
fn xsi_attributes_resolve_against_every_declaration_of_their_tag() {
    let xsi = "http://www.w3.org/2001/XMLSchema-instance";
    // Declared after its use, in the same tag.
    let xml = format!(r#"<Rank i:nil="true" xmlns:i="{xsi}"/>"#);
    let mut r = reader(&xml);
    assert!(r.next_child().unwrap().unwrap().is_nil());
    // Another namespace's `nil`, a name with two colons, and an empty prefix under an XSI
    // default namespace are not `xsi:nil`.
    let xml = format!(
        r#"<Rank o:nil="true" i:b:nil="true" :nil="true" xmlns="{xsi}" xmlns:o="urn:o" xmlns:i="{xsi}"/>"#
    );
    let mut r = reader(&xml);
    assert!(!r.next_child().unwrap().unwrap().is_nil());
    // Past the scan's small scope: the index answers the same.
    let many: String = (0..20).map(|i| format!(" xmlns:p{i}='urn:{i}'")).collect();
    let xml = format!(
        r#"<Step xmlns="{NS}"{many}><Rank xmlns:i="{xsi}" i:nil="true"/><p3:Name>n</p3:Name></Step>"#
    );
    let mut r = reader(&xml);
    r.next_child().unwrap().unwrap();
    assert!(r.next_child().unwrap().unwrap().is_nil());
    r.skip().unwrap();
    let name = r.next_child().unwrap().unwrap();
    assert_eq!(name.namespace(), "urn:3");
}

#[test]
fn errors_carry_path_and_line_column() {
    let xml = format!("<Step xmlns=\"{NS}\">\n  <Name>n</Name>\n  <Rank>high</Rank>\n</Step>");
    let err = decode_root::<Step>(&xml, Limits::default()).unwrap_err();
    assert_eq!(err.path(), "Step/Rank");
    assert_eq!((err.position().line, err.position().column), (3, 3));
    assert!(
        matches!(err.kind(), DecodeErrorKind::InvalidValue { expected: "int", found } if found == "high")
    );
    let message = err.to_string();
    assert!(
        message.contains("line 3, column 3") && message.contains("Step/Rank"),
        "{message}"
    );
}

#[test]
fn bom_and_declaration_are_accepted() {
    let xml = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Step><Name>ok</Name></Step>";
    let s: Step = {
        let mut r = XmlReader::new(xml, Limits::default()).unwrap();
        let root = r.next_child().unwrap().unwrap();
        Step::decode(&mut r, &root).unwrap()
    };
    assert_eq!(s.name, "ok");
}

#[test]
fn text_borrows_when_nothing_is_escaped() {
    let mut r = reader("<a><b>plain</b><c>a&amp;b</c></a>");
    r.next_child().unwrap();
    r.next_child().unwrap();
    assert!(matches!(
        r.text().unwrap(),
        std::borrow::Cow::Borrowed("plain")
    ));
    r.next_child().unwrap();
    assert!(matches!(r.text().unwrap(), std::borrow::Cow::Owned(s) if s == "a&b"));
}

#[test]
fn raw_inner_returns_the_source_slice() {
    let mut r = reader("<a><b x='1'><c>t &amp; u</c><d/></b><e/></a>");
    r.next_child().unwrap();
    r.next_child().unwrap();
    assert_eq!(r.raw_inner().unwrap(), "<c>t &amp; u</c><d/>");
    let e = r.next_child().unwrap().unwrap();
    assert_eq!(e.local_name(), "e");
    assert_eq!(r.raw_inner().unwrap(), "");
    assert!(r.next_child().unwrap().is_none());
}

/// Reads the children of the root into one `ExtensionData`, as a generated record does.
fn keep_all(xml: &str, limits: Limits) -> Result<sogen_runtime::ExtensionData, DecodeError> {
    let mut r = XmlReader::new(xml.as_bytes(), limits)?;
    r.next_child()?;
    let mut kept = sogen_runtime::ExtensionData::default();
    while r.next_child()?.is_some() {
        kept.read(&mut r)?;
    }
    Ok(kept)
}

#[test]
fn unknown_elements_count_against_their_limits() {
    let limits = Limits {
        max_unknown_elements: 3,
        max_unknown_bytes: 40,
        ..Limits::default()
    };
    let ok = keep_all(r#"<r xmlns="urn:a"><x/><y>1</y><z/></r>"#, limits).unwrap();
    assert_eq!(ok.len(), 3);
    let err = keep_all(r#"<r xmlns="urn:a"><x/><y>1</y><z/><w/></r>"#, limits).unwrap_err();
    assert_eq!(
        *err.kind(),
        DecodeErrorKind::UnknownElementsExceeded { limit: 3 }
    );
    // Counted as written back in the record's namespace: text, and prefix declarations.
    let err = keep_all(
        r#"<r xmlns="urn:a" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><x i:nil="true"/></r>"#,
        limits,
    )
    .unwrap_err();
    assert_eq!(
        *err.kind(),
        DecodeErrorKind::UnknownBytesExceeded { limit: 40 }
    );
    let err: sogen_runtime::Error = err.into();
    assert!(
        matches!(
            err,
            sogen_runtime::Error::LimitExceeded {
                kind: sogen_runtime::LimitKind::UnknownBytes,
                limit: 40
            }
        ),
        "{err:?}"
    );
}

#[test]
fn unknown_elements_are_written_back_with_what_they_need_where_they_are() {
    let kept = keep_all(
        r#"<r xmlns="urn:a" xmlns:i="urn:i"><x/><y i:nil="true"/></r>"#,
        Limits::default(),
    )
    .unwrap();
    // In the namespace they came in: no default declaration; the prefix declared.
    let mut w = XmlWriter::new();
    w.open("urn:a", "r");
    kept.write(&mut w);
    w.close("urn:a", "r");
    assert_eq!(
        std::str::from_utf8(w.as_bytes()).unwrap(),
        r#"<r xmlns="urn:a"><x/><y xmlns:i="urn:i" i:nil="true"/></r>"#
    );
    // Elsewhere, with the default namespace too; and on their own, always.
    let mut w = XmlWriter::new();
    w.open("urn:b", "r");
    kept.write(&mut w);
    w.close("urn:b", "r");
    assert_eq!(
        std::str::from_utf8(w.as_bytes()).unwrap(),
        r#"<r xmlns="urn:b"><x xmlns="urn:a"/><y xmlns="urn:a" xmlns:i="urn:i" i:nil="true"/></r>"#
    );
    let standalone: Vec<String> = kept.elements().collect();
    assert_eq!(
        standalone,
        [
            r#"<x xmlns="urn:a"/>"#,
            r#"<y xmlns="urn:a" xmlns:i="urn:i" i:nil="true"/>"#
        ]
    );
}
